/**
 * `event_store.client.projections.Projections` for the two system projections this store has
 * (`$by_category`, `$by_event_type`): Enable, Disable and Statistics. User projections (Create,
 * Update, Delete, Reset, State, Result, RestartSubsystem) answer UNIMPLEMENTED, and any other name
 * NOT_FOUND, which the client reports as NotFoundError.
 */
import {
  status,
  type sendUnaryData,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceDefinition,
  type ServiceError,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { ProjectionsService } from '@eventstore/db-client/generated/projections_grpc_pb';
import { DisableReq, DisableResp, EnableReq, EnableResp, StatisticsReq, StatisticsResp } from '@eventstore/db-client/generated/projections_pb';
import { isSystemProjectionName, type SystemProjection, type SystemProjections } from '../projections/system-projections';
import type { CallAccess } from './call-access';
import { toServiceError } from './protocol-errors';
import { unimplementedService } from './unimplemented.services';

/** The methods this store implements, for ServerFeatures. */
export const IMPLEMENTED_PROJECTION_METHODS: ServiceDefinition = {
  enable: ProjectionsService.enable,
  disable: ProjectionsService.disable,
  statistics: ProjectionsService.statistics,
};

export function projectionsService(projections: SystemProjections, access: CallAccess): UntypedServiceImplementation {
  const named = (name: string): SystemProjection => {
    if (!isSystemProjectionName(name)) throw notFound(name);
    return projections.get(name);
  };
  return {
    ...unimplementedService(ProjectionsService),
    enable: (call: ServerUnaryCall<EnableReq, EnableResp>, callback: sendUnaryData<EnableResp>) =>
      answer(callback, async () => {
        access.checkOperator(access.authenticate(call.metadata));
        await named(call.request.getOptions()?.getName() ?? '').enable();
        return new EnableResp();
      }),
    disable: (call: ServerUnaryCall<DisableReq, DisableResp>, callback: sendUnaryData<DisableResp>) =>
      answer(callback, async () => {
        access.checkOperator(access.authenticate(call.metadata));
        await named(call.request.getOptions()?.getName() ?? '').disable();
        return new DisableResp();
      }),
    statistics: (call: ServerWritableStream<StatisticsReq, StatisticsResp>) => {
      try {
        access.checkOperator(access.authenticate(call.metadata));
        const options = call.request.getOptions();
        // Transient and one-time projections: this store has none; every system projection is continuous.
        const selected = options?.hasName()
          ? [named(options.getName())]
          : options?.hasAll() || options?.hasContinuous()
            ? projections.all()
            : [];
        for (const projection of selected) call.write(new StatisticsResp().setDetails(detailsOf(projection)));
        call.end();
      } catch (error) {
        call.emit('error', isServiceError(error) ? error : toServiceError(error));
      }
    },
  };
}

function detailsOf(projection: SystemProjection): StatisticsResp.Details {
  const { name, enabled, position, eventsProcessedAfterRestart, faultedReason } = projection.status;
  const at = position === undefined ? '' : `C:${position}/P:${position}`;
  return new StatisticsResp.Details()
    .setName(name)
    .setEffectivename(name)
    .setMode('Continuous')
    .setStatus(faultedReason !== undefined ? 'Faulted' : enabled ? 'Running' : 'Stopped')
    .setStatereason(faultedReason ?? '')
    .setPosition(at)
    .setLastcheckpoint(at)
    .setEventsprocessedafterrestart(String(eventsProcessedAfterRestart))
    .setVersion('1')
    .setEpoch('-1')
    .setCoreprocessingtime('0')
    .setBufferedevents('0')
    .setCheckpointstatus('');
}

function notFound(name: string): Partial<ServiceError> {
  return { code: status.NOT_FOUND, details: `Projection '${name}' not found: this store has the system projections $by_category and $by_event_type only.` };
}

function isServiceError(error: unknown): error is Partial<ServiceError> {
  return typeof (error as Partial<ServiceError> | undefined)?.code === 'number' && !(error instanceof Error);
}

function answer<T>(callback: sendUnaryData<T>, work: () => Promise<T>): void {
  work().then(
    (response) => callback(null, response),
    (error: unknown) => callback(isServiceError(error) ? error : toServiceError(error)),
  );
}
