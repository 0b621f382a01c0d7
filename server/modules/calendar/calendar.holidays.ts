/**
 * Shipped calendars. 2026: the State Council's notice on the 2026 holidays (国办发明电〔2025〕7号),
 * holidays and 调休 working weekends. 2027: only the statutory holidays of 《全国年节及纪念日放假办法》
 * (2025 revision) on their 2027 dates; the 调休 arrangement is published by the State Council late in the
 * preceding year, and administrators add it in the console when it is.
 */
export interface ShippedYear {
  year: number;
  provisional: boolean;
  holidays: [string, string][]; // [date, name]
  workdays: [string, string][];
}

function range(from: string, to: string, name: string): [string, string][] {
  const out: [string, string][] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end) {
    out.push([d.toISOString().slice(0, 10), name]);
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export const SHIPPED_CALENDARS: ShippedYear[] = [
  {
    year: 2026,
    provisional: false,
    holidays: [
      ...range('2026-01-01', '2026-01-03', '元旦'),
      ...range('2026-02-15', '2026-02-23', '春节'),
      ...range('2026-04-04', '2026-04-06', '清明节'),
      ...range('2026-05-01', '2026-05-05', '劳动节'),
      ...range('2026-06-19', '2026-06-21', '端午节'),
      ...range('2026-09-25', '2026-09-27', '中秋节'),
      ...range('2026-10-01', '2026-10-07', '国庆节'),
    ],
    workdays: [
      ['2026-01-04', '元旦调休上班'],
      ['2026-02-14', '春节调休上班'],
      ['2026-02-28', '春节调休上班'],
      ['2026-05-09', '劳动节调休上班'],
      ['2026-09-20', '国庆节调休上班'],
      ['2026-10-10', '国庆节调休上班'],
    ],
  },
  {
    year: 2027,
    provisional: true,
    holidays: [
      ['2027-01-01', '元旦'],
      ...range('2027-02-05', '2027-02-08', '春节'),
      ['2027-04-05', '清明节'],
      ...range('2027-05-01', '2027-05-02', '劳动节'),
      ['2027-06-09', '端午节'],
      ['2027-09-15', '中秋节'],
      ...range('2027-10-01', '2027-10-03', '国庆节'),
    ],
    workdays: [],
  },
];
