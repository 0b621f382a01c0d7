import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../app/api';
import type { CalendarDay } from '../../app/contract';

export function useCalendarYear(year: number) {
  return useQuery({ queryKey: ['calendar', year], queryFn: () => api.get<CalendarDay[]>(`/api/calendar/${year}`) });
}

/** Replaces the year's holidays and working weekends (调休) as a whole. */
export function useSaveCalendarYear() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ year, days }: { year: number; days: CalendarDay[] }) => api.put<CalendarDay[]>(`/api/calendar/${year}`, { days }),
    onSuccess: (days, { year }) => qc.setQueryData(['calendar', year], days),
  });
}
