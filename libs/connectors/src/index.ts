/**
 * @hindsight/connectors: contact-centre platforms' own records to catalog facts, as pure functions
 * (platform records and tenant settings in, facts out). Nothing here does I/O: the CLI's import and
 * the connectors service read the files and deliveries and send the facts to `recordEvents`.
 */
export { factInput, type ConnectorFact, type Mapping, type Unmapped } from './connector-fact';
export { DEFAULT_TENANT_SETTINGS, tenantSettings, type TenantSettings } from './tenant-settings';
export { mapContactRecords } from './amazon-connect/contact-record.mapping';
export { mapTicketAudits } from './zendesk/ticket-audit.mapping';
export { mapConversationDetails } from './genesys-cloud/conversation-detail.mapping';
