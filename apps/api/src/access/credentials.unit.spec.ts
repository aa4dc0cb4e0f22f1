import { credentialFromConnectionInit, credentialFromHeaders } from './credentials';

describe(credentialFromHeaders.name, () => {
  it('takes the token of a bearer Authorization header', () => {
    expect(credentialFromHeaders({ authorization: 'Bearer hsk_abc' })).toBe('hsk_abc');
    expect(credentialFromHeaders({ authorization: 'bearer  eyJ.x.y ' })).toBe('eyJ.x.y');
  });

  it('takes X-Api-Key when there is no Authorization header', () => {
    expect(credentialFromHeaders({ 'x-api-key': 'hsk_abc' })).toBe('hsk_abc');
  });

  it('passes any other scheme on whole, to be refused rather than ignored', () => {
    expect(credentialFromHeaders({ authorization: 'Basic dXNlcjpwYXNz' })).toBe('Basic dXNlcjpwYXNz');
  });

  it('finds nothing when nothing is sent', () => {
    expect(credentialFromHeaders({})).toBeUndefined();
    expect(credentialFromHeaders({ authorization: ' ' })).toBeUndefined();
  });
});

describe(credentialFromConnectionInit.name, () => {
  it('reads authorization, apiKey, or the same under headers', () => {
    expect(credentialFromConnectionInit({ authorization: 'Bearer t1' })).toBe('t1');
    expect(credentialFromConnectionInit({ apiKey: 'hsk_k' })).toBe('hsk_k');
    expect(credentialFromConnectionInit({ headers: { Authorization: 'Bearer t2' } })).toBe('t2');
    expect(credentialFromConnectionInit({ headers: { 'x-api-key': 'hsk_h' } })).toBe('hsk_h');
  });

  it('finds nothing in an empty or missing payload', () => {
    expect(credentialFromConnectionInit(undefined)).toBeUndefined();
    expect(credentialFromConnectionInit({})).toBeUndefined();
  });
});
