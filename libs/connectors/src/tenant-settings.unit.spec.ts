import { DEFAULT_TENANT_SETTINGS, tenantSettings } from './tenant-settings';

describe('tenantSettings', () => {
  it('given no settings, then the defaults: back-office tasks skipped, placeholders for text the platforms never give', () => {
    expect(tenantSettings(undefined)).toEqual(DEFAULT_TENANT_SETTINGS);
  });

  it('given a file, then its values over the defaults, placeholders merged field by field', () => {
    const settings = tenantSettings({ customerIdAttribute: 'crm', outcomeByDisposition: { fixed: 'resolved' }, placeholders: { disposition: 'none given' } });

    expect(settings).toMatchObject({ customerIdAttribute: 'crm', outcomeByDisposition: { fixed: 'resolved' }, skipChannels: ['TASK'] });
    expect(settings.placeholders).toEqual({ ...DEFAULT_TENANT_SETTINGS.placeholders, disposition: 'none given' });
  });

  it.each([
    [{ customerIdAttrib: 'crm' }, /Tenant settings: .*customerIdAttrib/],
    [{ outcomeByDisposition: { fixed: 'done' } }, /Tenant settings: outcomeByDisposition\.fixed/],
    [{ unknownDisconnectParty: 'supervisor' }, /Tenant settings: unknownDisconnectParty/],
    [{ placeholders: { disposition: ' ' } }, /Tenant settings: placeholders\.disposition/],
  ])('given %j, then an error naming the field', (raw, message) => {
    expect(() => tenantSettings(raw)).toThrow(message);
  });
});
