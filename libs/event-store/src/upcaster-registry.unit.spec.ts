import { UpcasterRegistry, type Upcaster, type VersionedEvent } from './upcaster-registry';

/** HoldStarted v1 had `reason`; v2 renamed it to `reasonCode`; v3 added whether the customer agreed. */
const holdStartedV1toV2: Upcaster = {
  type: 'HoldStarted',
  fromSchemaVersion: 1,
  upcast: ({ data }) => {
    const { reason, ...rest } = data as { reason: string };
    return { type: 'HoldStarted', schemaVersion: 2, data: { ...rest, reasonCode: reason } };
  },
};
const holdStartedV2toV3: Upcaster = {
  type: 'HoldStarted',
  fromSchemaVersion: 2,
  upcast: ({ data }) => ({
    type: 'HoldStarted',
    schemaVersion: 3,
    data: { ...(data as object), customerConsented: null },
  }),
};

describe(UpcasterRegistry.name, () => {
  it('brings an old event through every version up to the newest', () => {
    const sut = new UpcasterRegistry([holdStartedV2toV3, holdStartedV1toV2]);

    const upcast = sut.upcast({ type: 'HoldStarted', schemaVersion: 1, data: { reason: 'lookup' } });

    expect(upcast).toEqual({
      type: 'HoldStarted',
      schemaVersion: 3,
      data: { reasonCode: 'lookup', customerConsented: null },
    });
  });

  it('leaves an event that is already at the newest version untouched', () => {
    const sut = new UpcasterRegistry([holdStartedV1toV2]);
    const current: VersionedEvent = { type: 'HoldStarted', schemaVersion: 2, data: { reasonCode: 'lookup' } };

    expect(sut.upcast(current)).toBe(current);
  });

  it('leaves events of other types untouched', () => {
    const sut = new UpcasterRegistry([holdStartedV1toV2]);
    const other: VersionedEvent = { type: 'HoldEnded', schemaVersion: 1, data: {} };

    expect(sut.upcast(other)).toBe(other);
  });

  it('follows a rename to another event type', () => {
    const renamed: Upcaster = {
      type: 'CallEnded',
      fromSchemaVersion: 1,
      upcast: ({ data }) => ({ type: 'ContactDisconnected', schemaVersion: 1, data }),
    };
    const sut = new UpcasterRegistry([renamed]);

    expect(sut.upcast({ type: 'CallEnded', schemaVersion: 1, data: { by: 'agent' } })).toEqual({
      type: 'ContactDisconnected',
      schemaVersion: 1,
      data: { by: 'agent' },
    });
  });

  it('refuses a second upcaster for the same type and version', () => {
    const sut = new UpcasterRegistry([holdStartedV1toV2]);

    expect(() => sut.register({ ...holdStartedV1toV2 })).toThrow(/HoldStarted@v1/);
  });

  it('fails instead of looping when upcasters lead back to a version already seen', () => {
    const forth: Upcaster = {
      type: 'A',
      fromSchemaVersion: 1,
      upcast: ({ data }) => ({ type: 'B', schemaVersion: 1, data }),
    };
    const back: Upcaster = {
      type: 'B',
      fromSchemaVersion: 1,
      upcast: ({ data }) => ({ type: 'A', schemaVersion: 1, data }),
    };
    const sut = new UpcasterRegistry([forth, back]);

    expect(() => sut.upcast({ type: 'A', schemaVersion: 1, data: {} })).toThrow(/loop/);
  });
});
