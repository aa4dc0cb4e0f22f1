import { z } from 'zod';
import { eventCatalog, eventTypes, parseEvent } from '../catalog/event-catalog';
import { idProblem, MAX_ID_LENGTH } from './characters';
import { parseStreamName, streamName } from './stream-name';
import { rejectionOf } from '../testing/rejection';

/** Characters an id must never hold, each with the code point an error must name instead of echoing it. */
const unprintable: readonly (readonly [string, string, string])[] = [
  ['NUL', '\u0000', 'the control character U+0000'],
  ['a C0 control (BEL)', '\u0007', 'the control character U+0007'],
  ['DEL', '\u007F', 'the control character U+007F'],
  ['a C1 control (NEL)', '\u0085', 'the control character U+0085'],
  ['a right-to-left override', '\u202E', 'the invisible format character U+202E'],
  ['a left-to-right embedding', '\u202A', 'the invisible format character U+202A'],
  ['a first-strong isolate', '\u2068', 'the invisible format character U+2068'],
  ['a pop directional isolate', '\u2069', 'the invisible format character U+2069'],
  ['a left-to-right mark', '\u200E', 'the invisible format character U+200E'],
  ['a right-to-left mark', '\u200F', 'the invisible format character U+200F'],
  ['an Arabic letter mark', '\u061C', 'the invisible format character U+061C'],
  ['a zero-width space', '\u200B', 'the invisible format character U+200B'],
  ['a byte order mark', '\uFEFF', 'the invisible format character U+FEFF'],
  ['a lone high surrogate', '\uD800', 'a lone surrogate, U+D800'],
  ['a lone low surrogate', '\uDC00', 'a lone surrogate, U+DC00'],
  ['a space', ' ', 'whitespace, U+0020'],
  ['a tab', '\t', 'the control character U+0009'],
  ['a no-break space', '\u00A0', 'whitespace, U+00A0'],
  ['an ideographic space', '\u3000', 'whitespace, U+3000'],
  ['a line separator', '\u2028', 'whitespace, U+2028'],
];

describe('the id character set', () => {
  it.each(['C-1', 'agent-7', 'cust_maple.77', 'kunde-müller', '客户-42', 'emoji-😀', 'a'.repeat(MAX_ID_LENGTH)])(
    'given "%s", when it is checked as an id, then it is one',
    (id) => {
      expect(idProblem(id)).toBeUndefined();
    },
  );

  it.each(unprintable)('given an id holding %s, when it is checked, then the problem names the code point and where', (_name, character, named) => {
    expect(idProblem(`cust${character}77`)).toBe(`must not contain ${named} (at index 4)`);
  });

  it('given an empty id, when it is checked, then it is refused', () => {
    expect(idProblem('')).toBe('must not be empty');
  });

  it(`given an id one past ${MAX_ID_LENGTH} code units, when it is checked, then it is refused with its length`, () => {
    expect(idProblem('i'.repeat(MAX_ID_LENGTH + 1))).toBe(`must be at most ${MAX_ID_LENGTH} characters, not ${MAX_ID_LENGTH + 1}`);
  });

  it('given an id ending in half of an emoji, when it is checked, then the lone half is refused', () => {
    expect(idProblem('emoji-😀'.slice(0, -1))).toBe('must not contain a lone surrogate, U+D83D (at index 6)');
  });
});

describe('ids in the catalog', () => {
  /** Every field of every event's data, nested objects included, with its path. */
  function fieldsOf(shape: z.ZodRawShape, prefix: string): [string, string, z.ZodType][] {
    return Object.entries(shape).flatMap(([name, schema]) => {
      const inner = (schema instanceof z.ZodOptional ? schema.unwrap() : schema) as z.ZodType;
      if (inner instanceof z.ZodObject) return fieldsOf(inner.shape, `${prefix}.${name}`);
      return [[`${prefix}.${name}`, name, inner]];
    });
  }
  const idFields = eventTypes
    .flatMap((type) => fieldsOf((eventCatalog[type].schema as z.ZodObject).shape, type))
    // Who did it (`promisedBy`) is an id; when (`dueBy`) and which side (`requestedBy`: customer, agent…) are not.
    .filter(([, name, schema]) => /(^id|Id|By)$|^(to|from|owner|assignedTo)$/.test(name) && name !== 'dueBy' && !(schema instanceof z.ZodEnum));

  it.each(idFields.map(([path, , schema]) => [path, schema]))('given %s, then it is the one Id schema', (_path, schema) => {
    expect(z.globalRegistry.get(schema as z.ZodType)?.id).toBe('Id');
  });

  it.each(unprintable)('given a customerId holding %s, when the fact is parsed, then it is refused at data.customerId', (_name, character, named) => {
    const data = { customerId: `cust${character}`, method: 'ivr' };

    const error = rejectionOf(() => parseEvent({ type: 'CustomerIdentified', data }));

    expect(error).toMatchObject({ code: 'EVENT.INVALID_DATA', path: 'data.customerId' });
    expect(error.message).toBe(`data.customerId: An id must not contain ${named} (at index 4)`);
    if (character !== ' ') expect(error.message).not.toContain(character);
  });
});

describe('text in the catalog', () => {
  it.each([
    ['NUL', 'on hold\u0000', 'the control character U+0000 (at index 7)'],
    ['a lone surrogate', 'checking \uDFFF', 'a lone surrogate, U+DFFF (at index 9)'],
  ])('given a hold reason holding %s, when the fact is parsed, then it is refused at data.reason', (_name, reason, named) => {
    const error = rejectionOf(() => parseEvent({ type: 'HoldStarted', data: { reason, customerConsent: 'yes' } }));

    expect(error).toMatchObject({ code: 'EVENT.INVALID_DATA', path: 'data.reason' });
    expect(error.message).toBe(`data.reason: Text must not contain ${named}`);
  });

  it('given prose with newlines, tabs, other scripts, emoji and a right-to-left mark, when parsed, then it is kept as it is', () => {
    const reason = 'Checking the order\n\tمرحبا\u200F 😀, BEL-free';

    expect(parseEvent({ type: 'HoldStarted', data: { reason, customerConsent: 'yes' } }).data).toEqual({ reason, customerConsent: 'yes' });
  });
});

describe('ids in stream names', () => {
  it('given a contact id holding a right-to-left override, when its stream is named, then STREAM.INVALID_ID says why without echoing it', () => {
    const error = rejectionOf(() => streamName('contact', 'C-\u202E1'));

    expect(error).toMatchObject({ code: 'STREAM.INVALID_ID', message: 'A contact id must not contain the invisible format character U+202E (at index 2)' });
  });

  it('given a stream name whose id holds NUL, when it is parsed, then STREAM.INVALID_NAME says why without echoing it', () => {
    const error = rejectionOf(() => parseStreamName('contact-C\u00001'));

    expect(error).toMatchObject({ code: 'STREAM.INVALID_NAME', message: 'The id of a contact stream name must not contain the control character U+0000 (at index 1)' });
  });
});
