/* global document, window, fetch, location, console, history, sessionStorage */
/**
 * The journey viewer: reads one journey from the public GraphQL API (POST /graphql) and draws it as
 * SVG: contacts as lanes on one time axis (queue waits, talk, holds, transfers), each promise as a due
 * marker joined to the moment it was kept (or to "now"/"never"), findings pinned where they happened,
 * and a replay control that steps through journeySteps on either clock.
 *
 * Every text from the data goes into the page through textContent or an attribute value, never
 * through innerHTML, so nothing in a fact can become markup.
 *
 * The API wants a key (quality or admin). The page takes it from its address's fragment
 * (`#key=<key>`: a fragment never reaches a server or its logs), keeps it in session storage for
 * this tab only, and drops the fragment from the address bar; without one it asks for it.
 *
 * Long quiet stretches (days between calls) are drawn as a short break in the axis so the minutes
 * that matter stay readable; each break says how long it stands for.
 */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';
  var MINUTE = 60000;
  var HOUR = 60 * MINUTE;
  var DAY = 24 * HOUR;
  var GAP_MS = 2 * HOUR; // quieter than this between two moments: draw a break in the axis
  var GAP_PX = 84;
  var LABEL_W = 190;
  var RIGHT_PAD = 56;
  var AXIS_H = 44;
  var LANE_H = 64;
  var SEVERITY_RANK = { critical: 5, high: 4, medium: 3, low: 2, info: 1 };
  var COLOURS = {
    queue: '#b8c2cf',
    talk: '#3f74c9',
    hold: '#f2a93b',
    holdNoConsent: '#d6332a',
    transfer: '#7048e8',
    kept: '#2e9a4b',
    broken: '#d6332a',
    pending: '#8a96a6',
    caseBar: '#dfe5ee',
    now: '#1d2330',
  };
  var SEVERITY_COLOURS = { critical: '#7a0f1c', high: '#d6332a', medium: '#ec8a12', low: '#c9a100', info: '#2e9a4b' };

  // ---------------------------------------------------------------- GraphQL

  var CONTACT_FIELDS =
    'contactId streamName channel direction origin startedAt endedAt answeredAt agents transferredFromContactId ' +
    'queueVisits { queueId queuedAt answeredAt waitMs abandoned } ' +
    'holds { startedAt endedAt durationMs customerConsent reason customerDropped } ' +
    'transfers { kind target { type id } contextShared status initiatedAt settledAt failureReason } ' +
    'disconnect { at by reason whileOnHold whileQueued } droppedByUs abandoned';
  var JOURNEY_FIELDS =
    'id customerId streams startedAt lastActivityAt ' +
    'contacts { ' + CONTACT_FIELDS + ' } ' +
    'cases { caseId streamName subject openedAt status duplicateOf customerUpdates { at } resolutions { at } ' +
    'reopenings { at } closed { at resolved } customerLost { at reason } } ' +
    'callbacks { callbackId requestedAt dueBy keptAt status latenessMs promisedBy cancelled { at } } ' +
    'expectations { caseId kind what promisedBy madeAt dueBy status keptAt latenessMs } ' +
    'metrics { contacts { count repeatContacts } queue { totalWaitMs abandonedInQueue } ' +
    'holds { count totalMs longestMs withoutConsent customerDroppedOnHold } ' +
    'transfers { count agentChain explainedAgain } disconnects { droppedByUs } ' +
    'promises { made kept broken pending totalLatenessMs } cases { count duplicates reopened longestSilenceMs } outcome } ' +
    'findings { code kind severity subject sentence at streamNames }';
  var JOURNEY_QUERY =
    'query Viewer($id: ID!) { journey(id: $id) { ' + JOURNEY_FIELDS + ' timeline { occurredAt } } }';
  var STEPS_QUERY =
    'query ViewerSteps($id: ID!, $clock: ReplayClock!) { journeySteps(id: $id, clock: $clock) { ' +
    'index asOf entry { streamName type occurredAt recordedAt description } journey { ' + JOURNEY_FIELDS + ' } } }';

  var KEY_ITEM = 'hindsight.apiKey';

  /** Refused for the credential itself (none, unknown, revoked, expired): ask for another. */
  function CredentialRefused(message) { this.message = message; }

  function graphql(query, variables) {
    return fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: 'Bearer ' + (apiKey() || '') },
      body: JSON.stringify({ query: query, variables: variables }),
    })
      .then(function (response) { return response.json(); })
      .then(function (body) {
        if (body.errors && body.errors.length) {
          var first = body.errors[0];
          var code = first.extensions && first.extensions.code;
          if (code === 'UNAUTHENTICATED') throw new CredentialRefused(first.message);
          if (code === 'FORBIDDEN') throw new Error('this key may not read replays and findings: it needs the quality or admin role');
          throw new Error(first.message);
        }
        return body.data;
      });
  }

  var memoryKey = null; // when session storage is disabled, the key lives until the page closes

  function apiKey() {
    try { return sessionStorage.getItem(KEY_ITEM) || memoryKey; } catch { return memoryKey; }
  }

  function keepKey(key) {
    memoryKey = key;
    try { sessionStorage.setItem(KEY_ITEM, key); } catch { /* kept in memory only */ }
  }

  function forgetKey() {
    memoryKey = null;
    try { sessionStorage.removeItem(KEY_ITEM); } catch { /* nothing stored */ }
  }

  /** `#key=<key>` in the address: taken, kept for this tab, and removed from the address bar. */
  function keyFromFragment() {
    var match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
    if (!match) return;
    keepKey(decodeURIComponent(match[1]));
    history.replaceState(null, '', location.pathname + location.search);
  }

  // ---------------------------------------------------------------- formatting (UTC, like the data)

  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function ms(iso) { return iso ? Date.parse(iso) : null; }
  function pad(n) { return (n < 10 ? '0' : '') + n; }
  function clockTime(t) {
    var d = new Date(t);
    var s = d.getUTCSeconds();
    return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + (s ? ':' + pad(s) : '');
  }
  function day(t) { var d = new Date(t); return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate(); }
  function when(t) { return day(t) + ' ' + clockTime(t); }
  /** The two largest units, as the findings' sentences say it: "21 min 30 s", "11 h", "2 d 23 h". */
  function duration(msValue) {
    if (msValue === null || msValue === undefined) return '–';
    var units = [['d', DAY], ['h', HOUR], ['min', MINUTE], ['s', 1000]];
    var rest = Math.round(msValue / 1000) * 1000;
    for (var i = 0; i < units.length; i++) {
      var n = Math.floor(rest / units[i][1]);
      if (n === 0) continue;
      var text = n + ' ' + units[i][0];
      var next = units[i + 1];
      var m = next ? Math.floor((rest - n * units[i][1]) / next[1]) : 0;
      return m > 0 ? text + ' ' + m + ' ' + next[0] : text;
    }
    return '0 s';
  }
  function words(text) { return String(text).replace(/_/g, ' '); }

  // ---------------------------------------------------------------- DOM helpers (text only, never HTML)

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    setAttrs(node, attrs);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    setAttrs(node, attrs);
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function setAttrs(node, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (name) {
      if (attrs[name] !== undefined && attrs[name] !== null) node.setAttribute(name, String(attrs[name]));
    });
  }
  /** Appends a text that must fit in `room` pixels: the first of `texts` that fits, or none. */
  function fitted(g, attrs, texts, room) {
    for (var i = 0; i < texts.length; i++) {
      var node = svg('text', attrs, texts[i]);
      g.appendChild(node);
      if (node.getComputedTextLength() <= room) return node;
      g.removeChild(node);
    }
    return null;
  }
  function titled(node, text) { node.appendChild(svg('title', null, text)); return node; }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  // ---------------------------------------------------------------- the time axis, with breaks

  /**
   * Groups the moments of the journey into stretches of activity; quiet stretches longer than GAP_MS
   * become fixed-width breaks. Inside the stretches one scale holds, so durations compare.
   */
  function buildAxis(instants, width) {
    var sorted = instants.filter(function (t) { return t !== null && !isNaN(t); }).sort(function (a, b) { return a - b; });
    if (!sorted.length) sorted = [Date.now()];
    var clusters = [];
    sorted.forEach(function (t) {
      var last = clusters[clusters.length - 1];
      if (last && t - last.end <= GAP_MS) last.end = t;
      else clusters.push({ start: t, end: t });
    });
    clusters.forEach(function (c) {
      var padMs = Math.max(4 * MINUTE, (c.end - c.start) * 0.04);
      c.start -= padMs;
      c.end += padMs;
    });
    var plot = Math.max(200, width - LABEL_W - RIGHT_PAD);
    var room = plot - GAP_PX * (clusters.length - 1);
    var minPx = 56;
    var total = clusters.reduce(function (sum, c) { return sum + (c.end - c.start); }, 0);
    var scale = room / total;
    // Short stretches get a readable minimum width; the rest share what is left at one scale.
    for (var round = 0; round < 3; round++) {
      var fixed = 0;
      var free = 0;
      clusters.forEach(function (c) {
        if ((c.end - c.start) * scale < minPx) fixed += minPx;
        else free += c.end - c.start;
      });
      if (free > 0) scale = (room - fixed) / free;
    }
    var x = LABEL_W;
    clusters.forEach(function (c, i) {
      c.x = x;
      c.width = Math.max(minPx, (c.end - c.start) * scale);
      c.scale = c.width / (c.end - c.start);
      x += c.width + (i < clusters.length - 1 ? GAP_PX : 0);
    });
    function toX(t) {
      if (t <= clusters[0].start) return clusters[0].x;
      for (var i = 0; i < clusters.length; i++) {
        var c = clusters[i];
        if (t <= c.end) return c.x + (t - c.start) * c.scale;
        var next = clusters[i + 1];
        if (next && t < next.start) return c.x + c.width + ((t - c.end) / (next.start - c.end)) * GAP_PX;
      }
      var lastC = clusters[clusters.length - 1];
      return lastC.x + lastC.width;
    }
    return { clusters: clusters, toX: toX, end: x };
  }

  var TICK_STEPS = [MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY];

  function drawAxis(root, axis, height) {
    var g = svg('g', { class: 'axis' });
    root.appendChild(g);
    axis.clusters.forEach(function (c, i) {
      g.appendChild(svg('rect', { x: c.x, y: AXIS_H - 4, width: c.width, height: height - AXIS_H + 4, fill: '#fafbfd' }));
      var step = TICK_STEPS.filter(function (s) { return s * c.scale >= 64; })[0] || DAY;
      var first = Math.ceil(c.start / step) * step;
      var labelled = false;
      for (var t = first; t <= c.end && c.width >= 120; t += step) {
        var x = c.x + (t - c.start) * c.scale;
        g.appendChild(svg('line', { x1: x, x2: x, y1: AXIS_H - 6, y2: height, stroke: '#edf0f4' }));
        g.appendChild(svg('text', { x: x, y: AXIS_H - 12, 'text-anchor': 'middle', class: 'tick' }, clockTime(t)));
        labelled = true;
      }
      var mid = c.start + (c.end - c.start) / 2;
      g.appendChild(svg('text', { x: c.x + 2, y: 16, class: 'tick', 'font-weight': 600 }, day(c.start)));
      if (!labelled) g.appendChild(svg('text', { x: c.x + c.width / 2, y: AXIS_H - 12, 'text-anchor': 'middle', class: 'tick' }, clockTime(mid)));
      var next = axis.clusters[i + 1];
      if (next) {
        var gx = c.x + c.width;
        var zig = 'M' + (gx + GAP_PX / 2 - 4) + ' ' + AXIS_H;
        for (var y = AXIS_H; y < height; y += 12) zig += ' l8 6 l-8 6';
        g.appendChild(svg('path', { d: zig, fill: 'none', stroke: '#b9c2ce', 'stroke-width': 1.5 }));
        var gapLabel = svg('text', { x: gx + GAP_PX / 2, y: height + 14, 'text-anchor': 'middle', class: 'gap-label' },
          duration(next.start - c.end));
        titled(gapLabel, duration(next.start - c.end) + ' with nothing happening, drawn short');
        g.appendChild(gapLabel);
      }
    });
    g.appendChild(svg('line', { x1: LABEL_W, x2: axis.end, y1: AXIS_H - 4, y2: AXIS_H - 4, stroke: '#c4ccd6' }));
  }

  // ---------------------------------------------------------------- drawing a journey

  function bar(g, axis, from, to, y, h, attrs, tip) {
    var x1 = axis.toX(from);
    var x2 = Math.max(x1 + 3, axis.toX(to));
    var rect = svg('rect', Object.assign({ x: x1, y: y, width: x2 - x1, height: h, rx: 3 }, attrs));
    if (tip) titled(rect, tip);
    g.appendChild(rect);
    return { x1: x1, x2: x2, rect: rect };
  }

  function laneBackground(root, width, y, label, sub, kind, id) {
    var g = svg('g', { class: 'lane', 'data-lane': kind, 'data-id': id });
    g.appendChild(svg('line', { x1: 0, x2: width, y1: y + LANE_H, y2: y + LANE_H, stroke: '#eef1f5' }));
    g.appendChild(svg('text', { x: 14, y: y + 28, class: 'lane-label' }, label));
    if (sub) g.appendChild(svg('text', { x: 14, y: y + 46, class: 'lane-sub' }, sub));
    root.appendChild(g);
    return g;
  }

  function drawContact(g, axis, contact, y, now, replaying) {
    var start = ms(contact.startedAt);
    var end = ms(contact.endedAt) || now;
    var mid = y + 30;
    if (start !== null) {
      g.appendChild(svg('line', { x1: axis.toX(start), x2: axis.toX(end), y1: mid + 9, y2: mid + 9, stroke: '#9aa6b5', 'stroke-width': 2 }));
    }
    contact.queueVisits.forEach(function (visit) {
      var to = ms(visit.answeredAt) || (contact.disconnect ? ms(contact.disconnect.at) : null) || now;
      bar(g, axis, ms(visit.queuedAt), to, mid, 18, { fill: COLOURS.queue, 'data-kind': 'queue' },
        'Queued in ' + visit.queueId + (visit.waitMs !== null ? ' for ' + duration(visit.waitMs) : '') + (visit.abandoned ? ', gave up' : ''));
    });
    var answered = ms(contact.answeredAt);
    if (answered !== null) {
      var talk = bar(g, axis, answered, end, mid, 18, { fill: COLOURS.talk, 'data-kind': 'talk' },
        'With ' + (contact.agents.join(' → ') || 'an agent') + ' from ' + when(answered));
      // The label goes on the part of the talk bar no hold covers.
      var firstHold = contact.holds.map(function (hold) { return ms(hold.startedAt); }).filter(function (t) { return t >= answered; })[0];
      var visible = (firstHold !== undefined ? axis.toX(firstHold) : talk.x2) - talk.x1;
      if (contact.agents.length) {
        fitted(g, { x: talk.x1 + 5, y: mid + 13, class: 'bar-label' }, [contact.agents.join(' → '), contact.agents[0]], visible - 8);
      }
    }
    contact.holds.forEach(function (hold) {
      var noConsent = hold.customerConsent === 'no';
      var to = ms(hold.endedAt) || now;
      var b = bar(g, axis, ms(hold.startedAt), to, mid - 3, 24, {
        fill: noConsent ? 'url(#no-consent)' : COLOURS.hold,
        stroke: noConsent ? COLOURS.holdNoConsent : '#c7861f',
        'stroke-width': 1.5,
        'data-kind': 'hold',
        'data-consent': hold.customerConsent,
      }, 'On hold' + (hold.durationMs !== null ? ' for ' + duration(hold.durationMs) : ' (still)') + ': ' + hold.reason +
        (noConsent ? ' · without the customer\'s consent' : ' · consent: ' + hold.customerConsent) +
        (hold.customerDropped ? ' · the customer hung up on hold' : ''));
      var length = hold.durationMs !== null ? ' ' + duration(hold.durationMs) : '';
      var inside = fitted(g, { x: b.x1 + 6, y: mid + 13, class: 'bar-label' },
        noConsent ? ['HOLD · NO CONSENT' + length, 'NO CONSENT' + length, 'NO CONSENT'] : ['HOLD' + length, 'HOLD'], b.x2 - b.x1 - 16);
      if (!inside) g.appendChild(svg('text', { x: b.x1, y: mid + 36, class: noConsent ? 'late' : 'note' }, noConsent ? 'hold, no consent' : 'hold'));
    });
    contact.transfers.forEach(function (transfer) {
      var t = ms(transfer.settledAt) || ms(transfer.initiatedAt);
      if (t === null) return;
      var x = axis.toX(t);
      var failed = transfer.status === 'failed';
      var arrow = svg('path', {
        d: 'M' + x + ' ' + (mid - 10) + ' l0 34 m-5 -6 l5 6 l5 -6',
        stroke: failed ? COLOURS.broken : COLOURS.transfer, 'stroke-width': 2.5, fill: 'none', 'data-kind': 'transfer',
      });
      titled(arrow, words(transfer.kind) + ' transfer to ' + transfer.target.type + ' ' + transfer.target.id + ' · ' + transfer.status +
        (transfer.contextShared ? ' · context shared' : ' · without context') + (transfer.failureReason ? ' · ' + transfer.failureReason : ''));
      g.appendChild(arrow);
      g.appendChild(svg('text', { x: x + 4, y: mid - 6, class: 'note' }, '→ ' + transfer.target.id + (failed ? ' (failed)' : '')));
    });
    if (!contact.disconnect && contact.endedAt === null && start !== null) {
      g.appendChild(svg('text', { x: axis.toX(end), y: mid + 4, 'text-anchor': 'end', class: 'note' }, replaying ? 'still going' : 'no end recorded'));
    }
    if (contact.disconnect) {
      var dx = axis.toX(ms(contact.disconnect.at));
      var ours = contact.droppedByUs;
      var mark = svg('path', {
        d: 'M' + (dx - 5) + ' ' + (mid + 4) + ' l10 10 m0 -10 l-10 10',
        stroke: ours ? COLOURS.broken : '#1d2330', 'stroke-width': 2.5, 'data-kind': 'disconnect',
      });
      titled(mark, 'Ended by the ' + contact.disconnect.by + ': ' + contact.disconnect.reason);
      g.appendChild(mark);
      g.appendChild(svg('text', { x: dx + 9, y: mid + 13, class: ours ? 'late' : 'note' },
        contact.disconnect.by + (contact.disconnect.whileOnHold ? ' hung up on hold' : ours ? ' ended it' : ' ended')));
    }
  }

  function promisesOf(journey) {
    var list = [];
    journey.callbacks.forEach(function (cb) {
      list.push({
        id: 'callback ' + cb.callbackId, label: 'Callback ' + cb.callbackId + (cb.promisedBy ? ' (' + cb.promisedBy + ')' : ''),
        madeAt: ms(cb.requestedAt), dueBy: ms(cb.dueBy), keptAt: ms(cb.keptAt), status: cb.status, latenessMs: cb.latenessMs,
        cancelledAt: cb.cancelled ? ms(cb.cancelled.at) : null, stream: 'callback-' + cb.callbackId,
      });
    });
    journey.expectations.forEach(function (ex) {
      list.push({
        id: words(ex.kind) + ' on ' + ex.caseId, label: words(ex.kind) + ': ' + ex.what + ' (' + ex.promisedBy + ')',
        madeAt: ms(ex.madeAt), dueBy: ms(ex.dueBy), keptAt: ms(ex.keptAt), status: ex.status, latenessMs: ex.latenessMs,
        cancelledAt: null, stream: 'case-' + ex.caseId,
      });
    });
    return list.filter(function (p) { return p.dueBy !== null; });
  }

  function drawPromise(g, axis, promise, y, now, edge) {
    var mid = y + 32;
    var due = axis.toX(promise.dueBy);
    var made = promise.madeAt !== null ? axis.toX(promise.madeAt) : null;
    if (made !== null) {
      g.appendChild(svg('line', { x1: made, x2: due, y1: mid, y2: mid, stroke: '#c4ccd6', 'stroke-width': 2, 'stroke-dasharray': '2 4' }));
      g.appendChild(titled(svg('circle', { cx: made, cy: mid, r: 4, fill: '#5f6b7a' }), 'Promised ' + when(promise.madeAt) + ': ' + promise.label));
    }
    var status = promise.status;
    var colour = status === 'kept' ? COLOURS.kept : status === 'broken' ? COLOURS.broken : COLOURS.pending;
    var end = promise.keptAt || promise.cancelledAt;
    var endX = end !== null ? axis.toX(end) : (status === 'broken' ? edge : axis.toX(now));
    var ahead = status === 'pending' && end === null && endX < due; // not due yet: nothing to join
    if (!ahead && (status !== 'kept' || end !== null)) {
      g.appendChild(svg('line', {
        x1: due, x2: endX, y1: mid, y2: mid, stroke: colour, 'stroke-width': 3,
        'stroke-dasharray': end === null ? '7 5' : null, 'data-kind': 'promise-link', 'data-status': status,
      }));
    }
    var dueMark = svg('path', {
      d: 'M' + due + ' ' + (mid - 9) + ' l9 9 l-9 9 l-9 -9 z', fill: '#fff', stroke: colour, 'stroke-width': 2.5,
      'data-kind': 'promise-due', 'data-status': status,
    });
    titled(dueMark, promise.label + ' · due ' + when(promise.dueBy) + ' · ' + status +
      (promise.latenessMs ? ' · ' + duration(promise.latenessMs) + ' late' : ''));
    g.appendChild(dueMark);
    g.appendChild(svg('text', { x: due, y: mid + 24, 'text-anchor': 'middle', class: 'note' }, 'due ' + clockTime(promise.dueBy)));
    var tail;
    if (end !== null) {
      var endMark = svg('circle', { cx: endX, cy: mid, r: 6, fill: colour, 'data-kind': 'promise-end', 'data-status': status });
      titled(endMark, (promise.keptAt ? 'Kept ' : 'Called off ') + when(end));
      g.appendChild(endMark);
      tail = status === 'broken' ? (promise.keptAt ? 'kept ' + duration(promise.latenessMs) + ' late' : 'called off late')
        : status === 'kept' ? 'kept' : 'called off';
    } else {
      tail = status === 'broken' ? 'never kept' + (promise.latenessMs ? ' · ' + duration(promise.latenessMs) + ' late so far' : '') : 'open';
      if (!ahead) g.appendChild(svg('path', { d: 'M' + endX + ' ' + (mid - 6) + ' l8 6 l-8 6', fill: 'none', stroke: colour, 'stroke-width': 2.5 }));
    }
    var tailX = Math.max(due, endX);
    var anchor = tailX > edge - 120 ? 'end' : 'start';
    g.appendChild(svg('text', {
      x: anchor === 'end' ? tailX - 4 : tailX + 10, y: anchor === 'end' ? mid - 12 : mid + 4, 'text-anchor': anchor,
      class: status === 'broken' ? 'late' : 'note', 'data-kind': 'promise-status',
    }, tail));
  }

  function drawCase(g, axis, kase, y, now) {
    var mid = y + 30;
    var opened = ms(kase.openedAt);
    var ended = kase.customerLost ? ms(kase.customerLost.at) : kase.closed ? ms(kase.closed.at) : now;
    if (opened !== null) {
      bar(g, axis, opened, ended, mid + 2, 12, { fill: COLOURS.caseBar, 'data-kind': 'case' },
        (kase.subject || 'Case') + ' · ' + kase.status + (kase.duplicateOf ? ' · duplicate of ' + kase.duplicateOf : ''));
      g.appendChild(svg('text', { x: axis.toX(opened) + 4, y: mid - 4, class: 'note' }, 'opened' + (kase.duplicateOf ? ' as duplicate of ' + kase.duplicateOf : '')));
    }
    function tick(iso, colour, tip) {
      var x = axis.toX(ms(iso));
      g.appendChild(titled(svg('rect', { x: x - 2, y: mid - 2, width: 4, height: 20, fill: colour }), tip));
    }
    kase.customerUpdates.forEach(function (u) { tick(u.at, '#3f74c9', 'Status update ' + when(ms(u.at))); });
    kase.resolutions.forEach(function (r) { tick(r.at, COLOURS.kept, 'Resolved ' + when(ms(r.at))); });
    kase.reopenings.forEach(function (r) { tick(r.at, COLOURS.broken, 'Reopened ' + when(ms(r.at))); });
    if (kase.closed) tick(kase.closed.at, '#5f6b7a', 'Closed ' + (kase.closed.resolved ? 'resolved' : 'unresolved') + ' ' + when(ms(kase.closed.at)));
    if (kase.customerLost) {
      var lx = axis.toX(ms(kase.customerLost.at));
      g.appendChild(titled(svg('rect', { x: lx - 3, y: mid - 4, width: 6, height: 24, fill: SEVERITY_COLOURS.critical }), 'Customer lost: ' + kase.customerLost.reason));
      g.appendChild(svg('text', { x: lx - 8, y: mid + 13, 'text-anchor': 'end', class: 'late' }, 'customer lost'));
    }
  }

  /** Findings, most severe first, numbered once so the pins and the list agree. */
  function orderedFindings(findings) {
    return findings.slice().sort(function (a, b) {
      return ms(a.at) - ms(b.at) || (SEVERITY_RANK[b.severity] || 0) - (SEVERITY_RANK[a.severity] || 0);
    });
  }

  function drawPins(root, axis, findings, laneOf) {
    var g = svg('g', { class: 'pins' });
    var used = {};
    findings.forEach(function (finding, i) {
      var laneY = laneOf(finding);
      var x = axis.toX(ms(finding.at));
      var key = laneY + ':' + Math.round(x / 18);
      while (used[key]) { x += 18; key = laneY + ':' + Math.round(x / 18); }
      used[key] = true;
      var y = laneY + 10;
      var colour = SEVERITY_COLOURS[finding.severity] || '#5f6b7a';
      var pin = svg('g', { class: 'pin', 'data-code': finding.code, 'data-severity': finding.severity });
      pin.appendChild(svg('line', { x1: x, x2: x, y1: y + 8, y2: laneY + 40, stroke: colour, 'stroke-width': 1.5 }));
      pin.appendChild(svg('circle', { cx: x, cy: y, r: 9, fill: colour, stroke: '#fff', 'stroke-width': 1.5 }));
      pin.appendChild(svg('text', { x: x, y: y + 4, 'text-anchor': 'middle' }, i + 1));
      titled(pin, (i + 1) + '. ' + finding.code + ' (' + finding.severity + '): ' + finding.sentence);
      pin.addEventListener('mouseenter', function () { highlight(i, true); });
      pin.addEventListener('mouseleave', function () { highlight(i, false); });
      g.appendChild(pin);
    });
    root.appendChild(g);
  }

  function highlight(i, on) {
    var item = document.querySelectorAll('#findings-list li')[i];
    if (item) item.classList.toggle('active', on);
  }

  function render(journey, view) {
    var chart = document.getElementById('chart');
    var width = Math.max(900, chart.clientWidth || 1200);
    var axis = state.axis && state.axisWidth === width ? state.axis : buildAxis(state.instants, width);
    state.axis = axis;
    state.axisWidth = width;
    var edge = axis.end + RIGHT_PAD - 14;
    var now = view.now;
    var contacts = journey.contacts.slice().sort(function (a, b) { return (ms(a.startedAt) || 0) - (ms(b.startedAt) || 0); });
    var promises = promisesOf(journey);
    var cases = journey.cases;
    var bottom = AXIS_H + LANE_H * (contacts.length + promises.length + cases.length);
    var height = bottom + 22;

    var root = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, width: width, height: height });
    var defs = svg('defs');
    var pattern = svg('pattern', { id: 'no-consent', width: 8, height: 8, patternUnits: 'userSpaceOnUse', patternTransform: 'rotate(45)' });
    pattern.appendChild(svg('rect', { width: 8, height: 8, fill: COLOURS.holdNoConsent }));
    pattern.appendChild(svg('rect', { width: 3, height: 8, fill: '#f08a80' }));
    defs.appendChild(pattern);
    root.appendChild(defs);
    // In the document while drawing, so that labels can be measured and left out when they do not fit.
    clear(chart);
    chart.appendChild(root);
    drawAxis(root, axis, bottom);

    var laneY = {};
    var spans = {};
    var y = AXIS_H;
    contacts.forEach(function (contact) {
      var sub = [contact.channel, contact.direction, contact.origin !== contact.direction ? contact.origin : null]
        .filter(Boolean).join(' · ');
      var g = laneBackground(root, width, y, 'Contact ' + contact.contactId, sub, 'contact', contact.contactId);
      drawContact(g, axis, contact, y, now, view.cursor !== null && view.cursor !== undefined);
      laneY[contact.streamName] = y;
      spans[contact.streamName] = [ms(contact.startedAt), ms(contact.endedAt) || now];
      y += LANE_H;
    });
    promises.forEach(function (promise) {
      var g = laneBackground(root, width, y, promise.id.charAt(0).toUpperCase() + promise.id.slice(1), 'promise', 'promise', promise.id);
      drawPromise(g, axis, promise, y, now, edge);
      if (laneY[promise.stream] === undefined) laneY[promise.stream] = y;
      y += LANE_H;
    });
    cases.forEach(function (kase) {
      var g = laneBackground(root, width, y, 'Case ' + kase.caseId, kase.customerLost ? kase.status + ' · customer lost' : kase.status, 'case', kase.caseId);
      drawCase(g, axis, kase, y, now);
      if (laneY[kase.streamName] === undefined) laneY[kase.streamName] = y;
      y += LANE_H;
    });

    var findings = orderedFindings(journey.findings);
    // A finding goes on the lane of its evidence; of several contacts, the one under way when it became true.
    drawPins(root, axis, findings, function (finding) {
      var at = ms(finding.at);
      var onLanes = finding.streamNames.filter(function (name) { return laneY[name] !== undefined; });
      var during = onLanes.filter(function (name) { return spans[name] && spans[name][0] <= at && at <= spans[name][1]; });
      var name = during[during.length - 1] || onLanes[0];
      return name !== undefined ? laneY[name] : AXIS_H;
    });

    if (view.cursor !== null && view.cursor !== undefined) {
      var cx = axis.toX(view.cursor);
      root.appendChild(svg('line', { x1: cx, x2: cx, y1: AXIS_H - 4, y2: bottom + 4, stroke: COLOURS.now, 'stroke-width': 1.5, 'stroke-dasharray': '4 3', class: 'cursor' }));
      var inCluster = axis.clusters.filter(function (c) { return c.x <= cx && cx <= c.x + c.width; })[0];
      var toLeft = inCluster && cx > inCluster.x + inCluster.width - 90;
      root.appendChild(svg('text', {
        x: toLeft ? cx - 4 : cx + 4, y: bottom + 15, 'text-anchor': toLeft ? 'end' : 'start', class: 'note', 'font-weight': 600,
        stroke: '#fff', 'stroke-width': 4, 'paint-order': 'stroke',
      }, view.cursorLabel));
    }
    renderMetrics(journey.metrics);
    renderFindings(findings);
    renderOutcome(journey.metrics);
  }

  function metric(label, value, detail, alert) {
    var box = el('div', { class: 'metric' + (alert ? ' alert' : '') });
    box.appendChild(el('div', { class: 'value' }, value));
    box.appendChild(el('div', { class: 'label' }, label));
    if (detail) box.appendChild(el('div', { class: 'detail' }, detail));
    return box;
  }

  function renderMetrics(m) {
    var box = document.getElementById('metrics');
    clear(box);
    box.appendChild(metric('contacts', m.contacts.count, m.contacts.repeatContacts ? m.contacts.repeatContacts + ' repeat' : null, m.contacts.repeatContacts > 0));
    box.appendChild(metric('queue wait', duration(m.queue.totalWaitMs), m.queue.abandonedInQueue ? m.queue.abandonedInQueue + ' gave up queued' : null));
    box.appendChild(metric('on hold', duration(m.holds.totalMs), m.holds.count + ' hold' + (m.holds.count === 1 ? '' : 's') +
      (m.holds.withoutConsent ? ' · ' + m.holds.withoutConsent + ' without consent' : ''), m.holds.withoutConsent > 0));
    box.appendChild(metric('hung up on hold', m.holds.customerDroppedOnHold, null, m.holds.customerDroppedOnHold > 0));
    box.appendChild(metric('ended by us', m.disconnects.droppedByUs, null, m.disconnects.droppedByUs > 0));
    box.appendChild(metric('transfers', m.transfers.count, m.transfers.explainedAgain ? 'explained again ' + m.transfers.explainedAgain + '×' : null, m.transfers.explainedAgain > 0));
    box.appendChild(metric('promises broken', m.promises.broken + ' of ' + m.promises.made,
      m.promises.totalLatenessMs ? duration(m.promises.totalLatenessMs) + ' late' : m.promises.pending ? m.promises.pending + ' open' : null, m.promises.broken > 0));
    box.appendChild(metric('cases', m.cases.count, [m.cases.duplicates ? m.cases.duplicates + ' duplicate' : null, m.cases.reopened ? m.cases.reopened + ' reopened' : null]
      .filter(Boolean).join(' · ') || null, m.cases.duplicates > 0));
    box.appendChild(metric('longest silence', duration(m.cases.longestSilenceMs), null));
  }

  function renderOutcome(m) {
    var box = document.getElementById('outcome');
    box.textContent = words(m.outcome);
    box.className = 'outcome' + (m.outcome === 'customer_lost' || m.outcome === 'unresolved' ? ' bad' : m.outcome.indexOf('resolved') === 0 ? ' good' : '');
  }

  function renderFindings(findings) {
    var list = document.getElementById('findings-list');
    clear(list);
    document.getElementById('findings-count').textContent = '(' + findings.length + ')';
    if (!findings.length) list.appendChild(el('li', { class: 'muted' }, 'Nothing found (yet).'));
    findings.forEach(function (finding, i) {
      var item = el('li', { 'data-code': finding.code, 'data-severity': finding.severity });
      item.appendChild(el('span', { class: 'num sev-' + finding.severity, title: finding.severity }, i + 1));
      var body = el('div');
      body.appendChild(el('span', { class: 'code' }, finding.code + ' · ' + finding.severity));
      body.appendChild(document.createTextNode(' '));
      body.appendChild(el('span', { class: 'at' }, when(ms(finding.at))));
      body.appendChild(el('div', { class: 'sentence' }, finding.sentence));
      item.appendChild(body);
      list.appendChild(item);
    });
  }

  // ---------------------------------------------------------------- replay control

  var state = { id: null, journey: null, instants: [], clock: 'OCCURRED', steps: {}, step: null, axis: null, axisWidth: 0 };

  function showWhole() {
    state.step = null;
    var slider = document.getElementById('step-slider');
    slider.value = slider.max;
    var info = document.getElementById('step-info');
    clear(info);
    info.appendChild(document.createTextNode('The whole journey, as stored now: ' + state.journey.timeline.length +
      ' events. Step through it with ◀ ▶ (or the arrow keys).'));
    render(state.journey, { now: ms(state.journey.lastActivityAt), cursor: null });
  }

  function loadSteps() {
    var clock = state.clock;
    if (state.steps[clock]) return Promise.resolve(state.steps[clock]);
    return graphql(STEPS_QUERY, { id: state.id, clock: clock }).then(function (data) {
      state.steps[clock] = data.journeySteps;
      document.getElementById('step-slider').max = String(data.journeySteps.length);
      return data.journeySteps;
    });
  }

  function showStep(n) {
    return loadSteps().then(function (steps) {
      if (!steps.length) return;
      if (n >= steps.length + 1) { showWhole(); return; }
      var i = Math.max(0, Math.min(steps.length - 1, n - 1));
      state.step = i;
      var step = steps[i];
      document.getElementById('step-slider').value = String(i + 1);
      var occurred = ms(step.entry.occurredAt);
      var recordedClock = state.clock === 'RECORDED';
      var info = document.getElementById('step-info');
      clear(info);
      info.setAttribute('data-step', String(i + 1));
      info.appendChild(el('span', { class: 'when' }, 'Step ' + (i + 1) + ' of ' + steps.length + ' · '));
      info.appendChild(el('span', { class: 'when' }, recordedClock
        ? 'known at ' + when(ms(step.entry.recordedAt)) + ' (happened ' + when(occurred) + ')'
        : when(occurred)));
      info.appendChild(document.createTextNode(' · ' + step.entry.streamName + ' · ' + step.entry.description));
      render(step.journey, {
        // On the occurred clock "now" is the step's instant; on the recorded clock, the latest moment known.
        now: recordedClock ? ms(step.journey.lastActivityAt) : ms(step.asOf),
        cursor: occurred,
        cursorLabel: recordedClock ? 'known by ' + clockTime(ms(step.entry.recordedAt)) : 'now: ' + clockTime(occurred),
      });
    }).catch(fail);
  }

  function current() { return state.step === null ? (state.steps[state.clock] || []).length + 1 : state.step + 1; }

  function wireControls() {
    document.getElementById('step-first').addEventListener('click', function () { showStep(1); });
    document.getElementById('step-prev').addEventListener('click', function () { showStep(current() - 1); });
    document.getElementById('step-next').addEventListener('click', function () {
      if (state.step === null) showStep(1); else showStep(current() + 1);
    });
    document.getElementById('step-all').addEventListener('click', function () { showWhole(); });
    document.getElementById('step-slider').addEventListener('input', function (event) { showStep(Number(event.target.value)); });
    Array.prototype.forEach.call(document.querySelectorAll('input[name="clock"]'), function (radio) {
      radio.addEventListener('change', function () {
        state.clock = radio.value;
        var at = state.step;
        loadSteps().then(function () { if (at === null) showWhole(); else showStep(at + 1); }).catch(fail);
      });
    });
    document.addEventListener('keydown', function (event) {
      if (event.target && event.target.tagName === 'INPUT') return; // the slider and the clock use the arrows themselves
      if (event.key === 'ArrowRight') document.getElementById('step-next').click();
      if (event.key === 'ArrowLeft') document.getElementById('step-prev').click();
    });
    var resizeTimer = null;
    window.addEventListener('resize', function () {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(function () {
        state.axis = null;
        if (state.step === null) showWhole(); else showStep(state.step + 1);
      }, 150);
    });
  }

  function fail(error) {
    if (error instanceof CredentialRefused) {
      forgetKey();
      askForKey('The API refused the key: ' + error.message);
      return;
    }
    var box = document.getElementById('error');
    box.hidden = false;
    box.textContent = 'Could not load the journey: ' + (error && error.message ? error.message : String(error));
    document.body.setAttribute('data-state', 'error');
    console.error(error);
  }

  function start() {
    var parts = location.pathname.split('/').filter(Boolean);
    state.id = decodeURIComponent(parts[parts.length - 1] || '');
    document.getElementById('journey-id').textContent = state.id;
    document.title = 'Journey ' + state.id + ' · Hindsight';
    wireControls();
    wireSignIn();
    keyFromFragment();
    if (apiKey()) load();
    else askForKey('');
  }

  function askForKey(message) {
    document.getElementById('sign-in').hidden = false;
    var error = document.getElementById('sign-in-error');
    error.hidden = !message;
    error.textContent = message;
    document.body.setAttribute('data-state', 'sign-in');
    document.getElementById('api-key').focus();
  }

  function wireSignIn() {
    var input = document.getElementById('api-key');
    function use() {
      var key = input.value.trim();
      if (!key) return;
      keepKey(key);
      input.value = '';
      document.getElementById('sign-in').hidden = true;
      document.body.removeAttribute('data-state');
      load();
    }
    document.getElementById('api-key-use').addEventListener('click', use);
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') use();
    });
  }

  function load() {
    graphql(JOURNEY_QUERY, { id: state.id }).then(function (data) {
      var journey = data.journey;
      if (!journey) throw new Error('no journey has the id ' + state.id);
      state.journey = journey;
      // The axis is drawn once for the whole journey, so stepping never moves what is already there.
      state.instants = journey.timeline.map(function (e) { return ms(e.occurredAt); })
        .concat(journey.callbacks.map(function (c) { return ms(c.dueBy); }))
        .concat(journey.expectations.map(function (e) { return ms(e.dueBy); }))
        .concat(journey.findings.map(function (f) { return ms(f.at); }));
      document.getElementById('journey-summary').textContent =
        (journey.id !== state.id ? 'Stored as journey ' + journey.id + ' · ' : '') +
        (journey.customerId ? 'Customer ' + journey.customerId + ' · ' : '') +
        (journey.startedAt ? when(ms(journey.startedAt)) + ' – ' + when(ms(journey.lastActivityAt)) + ' UTC · ' : '') +
        journey.streams.length + ' streams';
      document.getElementById('step-slider').max = String(journey.timeline.length + 1);
      renderLegend();
      showWhole();
      document.body.setAttribute('data-state', 'ready');
      return loadSteps();
    }).catch(fail);
  }

  function renderLegend() {
    var box = document.getElementById('legend');
    clear(box);
    [['queue wait', COLOURS.queue], ['talk', COLOURS.talk], ['hold', COLOURS.hold], ['hold without consent', COLOURS.holdNoConsent],
      ['transfer', COLOURS.transfer], ['promise kept', COLOURS.kept], ['promise broken', COLOURS.broken], ['open', COLOURS.pending]]
      .forEach(function (entry) {
        var item = el('span');
        var swatch = el('i');
        swatch.style.background = entry[1];
        item.appendChild(swatch);
        item.appendChild(document.createTextNode(entry[0]));
        box.appendChild(item);
      });
    Object.keys(SEVERITY_COLOURS).forEach(function (severity) {
      var item = el('span');
      var swatch = el('i', { class: 'sev-' + severity });
      swatch.style.borderRadius = '50%';
      swatch.style.width = '12px';
      swatch.style.height = '12px';
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(severity));
      box.appendChild(item);
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
