import type deliveryZh from './delivery.zh-CN.ts';

type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

/** English texts of the officers' delivery dashboard; the type forces exactly the keys of the Chinese ones. */
const deliveryEn: SameKeys<typeof deliveryZh> = {
  nav: 'Delivery',
  title: 'Delivery dashboard',
  subtitle: 'How task contracts and key-project lists are doing: status, money released against plan, and what is overdue with who owns it',
  asOf: 'As of {{date}} (Beijing time)',
  scope: { label: 'Scope', mine: 'Mine', all: 'All' },
  scopeHint: '“Mine” narrows the task contracts (by responsible officer); list items have no officer and always show.',
  cards: {
    contracts: 'Task contracts',
    contractsActive: '{{count}} in progress',
    items: 'List items',
    itemsRed: '{{count}} red',
    budget: 'Total budget',
    plannedToDate: 'Planned to date',
    released: 'Released (net of reversals)',
    behindPlan: '¥{{amount}} behind plan',
    overdue: 'Overdue',
    overdueBreakdown: 'Milestones {{milestone}} · orders {{order}} · tranches {{tranche}} · list items {{item}}',
  },
  charts: {
    contractMix: 'Contracts by status',
    milestoneMix: 'Milestones by status',
    itemMix: 'List items: red / amber / green',
    money: 'Cumulative planned vs released money by month',
    moneyHint: 'Last 12 months and the next 6; planned by tranche due date, released by ledger approval time (Beijing); in yuan',
    cumulativePlanned: 'Cumulative planned',
    cumulativeReleased: 'Cumulative released',
    monthlyPlanned: 'Planned in month',
    monthlyReleased: 'Released in month',
    empty: 'No data',
  },
  contractStatus: { pending: 'Awaiting confirmation', active: 'In progress', completed: 'Completed', terminated: 'Terminated' },
  milestoneStatus: { planned: 'Not submitted', submitted: 'Awaiting review', accepted: 'Accepted', returned: 'Returned', overdue: 'Overdue' },
  itemStatus: { red: 'Red', amber: 'Amber', green: 'Green', done: 'Done' },
  lists: 'Red / amber / green by list',
  overdue: {
    title: 'Overdue',
    ownerSearch: 'Filter by organisation, person or officer',
    kindFilter: 'Kind',
    sort: 'Sort',
    sorts: { '-days': 'Most overdue first', days: 'Least overdue first', due: 'Due date, oldest first', '-due': 'Due date, newest first', owner: 'Owner A–Z', '-owner': 'Owner Z–A', kind: 'By kind' },
    kinds: { milestone: 'Milestone', order: 'Supervision order', tranche: 'Tranche', item: 'List item' },
    col: { kind: 'Kind', what: 'What', owner: 'Organisation / person', officer: 'Officer', due: 'Due on', days: 'Days overdue', waiting: 'Waiting on' },
    tranche: 'Tranche {{seq}} · ¥{{amount}} unreleased',
    triggers: { signing: 'released on signing', milestone: 'released on milestone acceptance', acceptance: 'released on final acceptance' },
    days: '{{count}} d',
    waiting: { team: 'The team', office: 'The office' },
    exportHint: 'Export the overdue list as filtered',
    empty: 'Nothing is overdue',
    reset: 'Reset',
  },
};

export default deliveryEn;
