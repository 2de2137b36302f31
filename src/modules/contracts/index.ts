export { ContractService, type AwardInput, type ContractRow, type ContractView } from './contracts.service.ts';
export { contractRoutes } from './contracts.routes.ts';
export { CONTRACT_DEADLINES_KIND, contractDeadlineHandler, scheduleContractDeadlines } from './contracts.jobs.ts';
export type { ContractPerson, ContractTarget, ContractTeamMember, TrancheTrigger } from './contracts.tables.ts';
export { contracts as contractsTable, contractMilestones as contractMilestonesTable, contractTranches as contractTranchesTable } from './contracts.tables.ts';
export type { ContractTerms, EvidenceRequirement, EvidenceItem } from './contracts.tables.ts';
export { ledgerError } from './contracts.ledger.ts';
