/**
 * The EventStoreDB services this store does not offer (persistent subscriptions, users, operations,
 * gossip, monitoring; user projections) answer every call with a clean UNIMPLEMENTED that says so.
 */
import {
  status,
  type sendUnaryData,
  type ServerReadableStream,
  type ServerWritableStream,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { MonitoringService } from '@eventstore/db-client/generated/monitoring_grpc_pb';
import { OperationsService } from '@eventstore/db-client/generated/operations_grpc_pb';
import { PersistentSubscriptionsService } from '@eventstore/db-client/generated/persistent_grpc_pb';
import { UsersService } from '@eventstore/db-client/generated/users_grpc_pb';

export const UNIMPLEMENTED_SERVICES: ServiceDefinition[] = [
  PersistentSubscriptionsService,
  UsersService,
  OperationsService,
  GossipService,
  MonitoringService,
];

export function unimplementedService(service: ServiceDefinition): UntypedServiceImplementation {
  return Object.fromEntries(
    Object.entries(service).map(([name, method]) => {
      const error = { code: status.UNIMPLEMENTED, details: `${method.path} is not implemented by Hindsight's embedded event store.` };
      const handler = method.responseStream
        ? (call: ServerWritableStream<unknown, unknown>) => call.emit('error', error)
        : (_call: ServerReadableStream<unknown, unknown>, callback: sendUnaryData<unknown>) => callback(error);
      return [name, handler];
    }),
  );
}
