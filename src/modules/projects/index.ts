// The key-project lists' public face (issue #6, part 5): lists, items, red/amber/green status, baselines, import.
export { ProjectService, type ItemInput, type ListInput, type ItemView } from './projects.service.ts';
export { ProjectPlanService } from './projects.plan.ts';
export { PROJECT_STATUSES, PROJECT_CATEGORIES, type ProjectStatus, type ProjectCategory } from './projects.tables.ts';
export { evaluateItem, RED_OVERDUE_DAYS, DUE_SOON_DAYS, KPI_RED_RATIO } from './projects.rules.ts';
export { projectRoutes } from './projects.routes.ts';
export { publicProjectRoutes } from './projects.public.routes.ts';
