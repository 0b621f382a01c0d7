import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requestContext } from '../../platform/auth.js';
import { Int, Text, errorResponses } from '../../platform/schemas.js';
import * as service from './calendar.service.js';

const Day = Type.Object({
  date: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  kind: Type.String({ enum: ['holiday', 'workday'] }),
  name: Text({ minLength: 1, maxLength: 40 }),
});
const YearParams = Type.Object({ year: Int({ minimum: 2000, maximum: 2100 }) });

export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { database } = app;
  app.get(
    '/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '工作日历：节假日与调休上班日 Holidays and 调休 working days of a year',
        params: YearParams,
        response: { 200: Type.Array(Day), ...errorResponses },
      },
    },
    async (req) => service.yearDays(database.db, req.actor!, req.params.year) as never,
  );
  app.put(
    '/calendar/:year',
    {
      schema: {
        tags: ['calendar'],
        summary: '替换一年的节假日与调休 Replace a year’s holidays and working weekends',
        params: YearParams,
        body: Type.Object({ days: Type.Array(Day, { maxItems: 366 }) }),
        response: { 200: Type.Array(Day), ...errorResponses },
      },
    },
    async (req) => service.replaceYear(database, requestContext(req), req.params.year, req.body.days as service.CalendarDay[]) as never,
  );
};
