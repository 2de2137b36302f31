export { ContractService, type AwardInput, type ContractRow, type ContractView } from './contracts.service.ts';
export { contractRoutes } from './contracts.routes.ts';
export { CONTRACT_DEADLINES_KIND, contractDeadlineHandler, scheduleContractDeadlines } from './contracts.jobs.ts';
export type { ContractPerson, ContractTarget, ContractTeamMember, TrancheTrigger } from './contracts.tables.ts';
