/**
 * `ServerFeatures.GetSupportedMethods`: tells clients exactly which methods this store implements, and a
 * server version at the protocol level it speaks, so they pick BatchAppend and know what to expect.
 */
import type { sendUnaryData, ServerUnaryCall, ServiceDefinition, UntypedServiceImplementation } from '@grpc/grpc-js';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';

/**
 * 23.10 is the first EventStoreDB release whose streams protocol has everything this store speaks
 * (BatchAppend, filtered reads with checkpoints, and the caught-up / fell-behind subscription messages).
 */
export const EMULATED_SERVER_VERSION = '23.10.0';

export function serverFeaturesService(implemented: ServiceDefinition[]): UntypedServiceImplementation {
  const methods = implemented.flatMap((service) =>
    Object.values(service).map((method) => {
      // Paths look like /event_store.client.streams.Streams/BatchAppend; EventStoreDB reports them lower-cased.
      const [, serviceName, methodName] = method.path.toLowerCase().split('/');
      return new SupportedMethod().setServiceName(serviceName).setMethodName(methodName);
    }),
  );
  return {
    getSupportedMethods: (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) =>
      callback(null, new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(EMULATED_SERVER_VERSION)),
  };
}
