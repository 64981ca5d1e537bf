/** The citizen's own reports on this device (localStorage): serial number, tracking token, time. */
export interface MyReport {
  serialNo: string;
  token: string;
  at: string;
}

export const MY_REPORTS_KEY = 'yiwang.myReports';

export function myReports(): MyReport[] {
  try {
    const list = JSON.parse(globalThis.localStorage?.getItem(MY_REPORTS_KEY) ?? '[]') as MyReport[];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

export function saveMyReport(report: MyReport): void {
  try {
    const list = [report, ...myReports().filter((r) => r.token !== report.token)].slice(0, 50);
    globalThis.localStorage?.setItem(MY_REPORTS_KEY, JSON.stringify(list));
  } catch {
    // storage unavailable (private mode): the token is still shown
  }
}
