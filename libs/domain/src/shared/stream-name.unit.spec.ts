import { callbackStream, caseStream, contactStream, parseStreamName, splitStreamName, streamName } from './stream-name';

describe('stream names', () => {
  it('names streams <category>-<id>', () => {
    expect([contactStream('C-1'), callbackStream('CB-1'), caseStream('W-CASE')]).toEqual([
      'contact-C-1',
      'callback-CB-1',
      'case-W-CASE',
    ]);
  });

  it('splits a name at its first dash, so ids may contain dashes', () => {
    expect(parseStreamName('case-W-CASE')).toEqual({ category: 'case', id: 'W-CASE' });
  });

  it('cuts any name at its first dash without refusing it, for readers that must take odd names', () => {
    expect([splitStreamName('ticket-T-1'), splitStreamName('contact-'), splitStreamName('contact')]).toEqual([
      { category: 'ticket', id: 'T-1' },
      { category: 'contact', id: '' },
      { category: '', id: 'contact' },
    ]);
  });

  it.each(['contact', 'contact-', 'ticket-T-1', 'Contact-C-1', 'contact-C 1'])('refuses "%s"', (name) => {
    expect(() => parseStreamName(name)).toThrow(expect.objectContaining({ code: 'STREAM.INVALID_NAME' }));
  });

  it.each(['', 'C 1'])('refuses to build a name from the id "%s"', (id) => {
    expect(() => streamName('contact', id)).toThrow(expect.objectContaining({ code: 'STREAM.INVALID_ID' }));
  });
});
