// @ts-check
/**
 * The journey viewer: reads one journey from the public GraphQL API (POST /graphql) and draws it as
 * SVG: contacts as lanes on one time axis (queue waits, talk, holds, transfers), each promise as a due
 * marker joined to the moment it was kept (or to "now"/"never"), findings pinned where they happened,
 * and a replay control that steps through journeySteps on either clock.
 *
 * This is the page's entry module (index.html loads it as `<script type="module">`); the others are
 * its sections: queries.js (the requests, checked against the schema by a test), api.js (the request
 * and the key), sign-in.js, replay.js (the control), chart.js with axis.js, lanes.js and findings.js
 * (the drawing), panels.js, dom.js (text only, never HTML), format.js and chart-style.js.
 *
 * The API wants a key (quality or admin). The page takes it from its address's fragment
 * (`#key=<key>`), keeps it in session storage for this tab only, and drops the fragment from the
 * address bar; without one it asks for it.
 */
import { apiKey, keyFromFragment } from './api.js';
import { byId } from './dom.js';
import { loadJourney, wireReplay } from './replay.js';
import { askForKey, wireSignIn } from './sign-in.js';

const parts = location.pathname.split('/').filter(Boolean);
const id = decodeURIComponent(parts[parts.length - 1] || '');
byId('journey-id').textContent = id;
document.title = 'Journey ' + id + ' · Hindsight';
wireReplay(id);
wireSignIn(loadJourney);
keyFromFragment();
if (apiKey()) loadJourney();
else askForKey('');
