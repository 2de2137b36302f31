export {
  addCalendarDays,
  addWorkingDays,
  CalendarNotCoveredError,
  coveredYears,
  endOfShanghaiDay,
  isWorkingDay,
  shanghaiDate,
  startOfShanghaiDay,
  TIME_ZONE,
  workingDayDeadline,
  workingDaysBetween,
  type CalendarDate,
} from './calendar.ts';
