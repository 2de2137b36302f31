import type { Config } from './config.ts';
import type { Database } from './platform/db/client.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { AuthService } from './platform/auth/auth.service.ts';
import { FileService, LocalBlobStore, type BlobStore } from './platform/files/files.service.ts';
import { NotificationService } from './platform/notify/index.ts';
import { RegistryService } from './modules/registry/index.ts';
import { IndicatorService, scheduleRecompute } from './modules/indicators/index.ts';
import { ChallengeService, challengeReviewProvider, notificationCentreNotifier } from './modules/challenges/index.ts';
import { ExpertService } from './modules/experts/index.ts';
import { ReviewSheetService } from './modules/review/index.ts';
import { ReviewAssignmentService, ReviewDrawService, ReviewReader, ReviewService, ReviewSubjects } from './modules/review/index.ts';
import { ProjectPlanService, ProjectService } from './modules/projects/index.ts';
import { ContractService } from './modules/contracts/index.ts';
import { DeliveryService } from './modules/delivery/index.ts';
import { RaceService, raceGateReviewProvider } from './modules/races/index.ts';

/** The services of every module, wired once per process and shared by HTTP, CLI and jobs. */
export interface Services {
  database: Database;
  config: Config;
  clock: Clock;
  auth: AuthService;
  files: FileService;
  notifications: NotificationService;
  registry: RegistryService;
  indicators: IndicatorService;
  challenges: ChallengeService;
  contracts: ContractService;
  races: RaceService;
  experts: ExpertService;
  reviewSubjects: ReviewSubjects;
  reviewSheets: ReviewSheetService;
  review: ReviewService;
  reviewAssignments: ReviewAssignmentService;
  reviewDraws: ReviewDrawService;
  projects: ProjectService;
  projectPlans: ProjectPlanService;
  delivery: DeliveryService;
}

export function createServices(database: Database, config: Config, opts: { clock?: Clock; blobStore?: BlobStore } = {}): Services {
  const clock = opts.clock ?? systemClock;
  const db = database.db;
  // Registry changes queue one recompute of the indicators, in the same transaction as the change.
  const registry = new RegistryService(db, clock, { onChange: (tx, tenantId) => scheduleRecompute(tx, tenantId, { runAt: clock.now() }) });
  const notifications = new NotificationService(db, config, clock);
  const files = new FileService(db, opts.blobStore ?? new LocalBlobStore(config.dataDir), config.uploadMaxBytes);
  const contracts = new ContractService(db, clock, notifications);
  const challenges = new ChallengeService(db, clock, notificationCentreNotifier(notifications), registry, contracts);
  const experts = new ExpertService(db, clock, challenges, registry);
  // What review rounds review: each module registers its subject type.
  const reviewSubjects = new ReviewSubjects();
  reviewSubjects.register('challenge', challengeReviewProvider(challenges));
  const races = new RaceService(db, clock, contracts, challenges);
  reviewSubjects.register('race_gate', raceGateReviewProvider(races));
  const reviewReader = new ReviewReader(db, clock, reviewSubjects, experts);
  const reviewSheets = new ReviewSheetService(db, clock, reviewSubjects, experts, notifications);
  // An application's files: its organisation's members, and its experts in a single-blind round.
  files.registerOwnerAccess('application', async (actor, applicationId) => (await challenges.mayReadApplicationFile(actor, applicationId)) || (await reviewSheets.mayReadApplicationFile(actor, applicationId)));
  // A contract's files: its organisation's members, and the experts reviewing its team at a race gate.
  files.registerOwnerAccess('contract', async (actor, contractId) => {
    if (await contracts.mayReadFile(actor, contractId)) return true;
    if (!contractId || !actor.roles.includes('expert')) return false;
    const c = await contracts.get(actor.tenantId, contractId).catch(() => null);
    return c ? reviewSheets.mayReadRaceEvidence(actor, c.applicationId) : false;
  });
  const projects = new ProjectService(db, clock);
  return {
    database,
    config,
    clock,
    auth: new AuthService(db, config, clock, (tenantId, id) => registry.organizationExists(tenantId, id)),
    files,
    notifications,
    registry,
    indicators: new IndicatorService(db, clock, registry),
    challenges,
    contracts,
    races,
    experts,
    reviewSubjects,
    reviewSheets,
    review: new ReviewService(reviewReader, notifications),
    reviewAssignments: new ReviewAssignmentService(reviewReader, notifications),
    reviewDraws: new ReviewDrawService(reviewReader),
    projects,
    projectPlans: new ProjectPlanService(db, projects),
    delivery: new DeliveryService(db, clock, projects),
  };
}
