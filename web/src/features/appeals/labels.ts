import type { Bilingual } from '../../app/i18n';
import type { AppealAction, AppealBox, AppealChannel, AppealClock, AppealStatus, LimitUnit, RequesterKind, Urgency } from '../../app/contract';

/** Display names of the appeal loop's enumerations (server: appeals.workflow.ts, appeals.service.ts). */

export const STATUS_LABELS: Record<AppealStatus, Bilingual> = {
  registered: { zh: '已登记', en: 'Registered' },
  accepted: { zh: '已受理', en: 'Accepted' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  dispatched: { zh: '已派遣', en: 'Dispatched' },
  in_progress: { zh: '办理中', en: 'In progress' },
  handled: { zh: '已办结', en: 'Handled' },
  feedback_given: { zh: '已反馈', en: 'Feedback given' },
  closed: { zh: '已结案', en: 'Closed' },
  merged: { zh: '已并案', en: 'Merged' },
};
export const STATUSES = Object.keys(STATUS_LABELS) as AppealStatus[];

export const STATUS_COLORS: Record<AppealStatus, string> = {
  registered: 'default',
  accepted: 'blue',
  not_accepted: 'default',
  dispatched: 'geekblue',
  in_progress: 'processing',
  handled: 'cyan',
  feedback_given: 'purple',
  closed: 'success',
  merged: 'default',
};

export const CHANNEL_LABELS: Record<AppealChannel, Bilingual> = {
  visit: { zh: '入户走访', en: 'Door-to-door visit' },
  listening_point: { zh: '听诉点', en: 'Listening point' },
  hotline: { zh: '书记热线', en: 'Secretary’s hotline' },
  qr: { zh: '码上解', en: 'QR code' },
  photo: { zh: '随手拍', en: 'Photo report' },
  patrol: { zh: '巡查', en: 'Patrol' },
  deliberation: { zh: '议事会', en: 'Deliberation meeting' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  petition: { zh: '信访', en: 'Petition' },
  '12345': { zh: '12345', en: '12345 hotline' },
  other: { zh: '其他', en: 'Other' },
};
export const CHANNELS = Object.keys(CHANNEL_LABELS) as AppealChannel[];

export const URGENCY_LABELS: Record<Urgency, Bilingual> = {
  normal: { zh: '一般', en: 'Normal' },
  urgent: { zh: '紧急', en: 'Urgent' },
  emergency: { zh: '特急', en: 'Emergency' },
};
export const URGENCY_COLORS: Record<Urgency, string> = { normal: 'default', urgent: 'orange', emergency: 'red' };

export const CLOCK_LABELS: Record<AppealClock, Bilingual> = {
  green: { zh: '正常', en: 'On time' },
  yellow: { zh: '即将超期', en: 'Due soon' },
  red: { zh: '已超期', en: 'Overdue' },
  paused: { zh: '暂停计时', en: 'Clock paused' },
};
export const CLOCK_COLORS: Record<AppealClock, string> = { green: 'green', yellow: 'gold', red: 'red', paused: 'default' };

export const BOX_LABELS: Record<AppealBox, Bilingual> = {
  all: { zh: '全部', en: 'All' },
  to_accept: { zh: '待受理', en: 'To accept' },
  to_dispatch: { zh: '待派遣', en: 'To dispatch' },
  to_sign: { zh: '待签收', en: 'To sign for' },
  in_progress: { zh: '办理中', en: 'In progress' },
  to_feedback: { zh: '待反馈', en: 'To report back' },
  to_evaluate: { zh: '待评价', en: 'To evaluate' },
  overdue: { zh: '已超期', en: 'Overdue' },
  leader_cases: { zh: '领导包案', en: 'My leader cases' },
  needs_placement: { zh: '待落格', en: 'To place in a grid' },
  requests: { zh: '待审批', en: 'Requests' },
  mine: { zh: '我登记的', en: 'Reported by me' },
};

export const REQUESTER_KIND_LABELS: Record<RequesterKind, Bilingual> = {
  resident: { zh: '群众', en: 'Resident' },
  enterprise: { zh: '企业', en: 'Enterprise' },
  anonymous: { zh: '匿名', en: 'Anonymous' },
};

export const ACTION_LABELS: Record<AppealAction, Bilingual> = {
  accept: { zh: '受理', en: 'Accept' },
  reject: { zh: '不予受理', en: 'Do not accept' },
  solve_on_spot: { zh: '就地解决', en: 'Solved on the spot' },
  place: { zh: '落格', en: 'Place in a grid' },
  dispatch: { zh: '派遣', en: 'Dispatch' },
  whistle: { zh: '吹哨', en: 'Blow the whistle' },
  sign: { zh: '签收（报到）', en: 'Sign for it' },
  return: { zh: '退单', en: 'Return' },
  note: { zh: '添加办理记录', en: 'Add a note' },
  request_extension: { zh: '申请延期', en: 'Request an extension' },
  request_deferral: { zh: '申请缓办', en: 'Request a deferral' },
  decide_request: { zh: '审批延期/缓办', en: 'Decide a request' },
  await_requester: { zh: '等待诉求人', en: 'Wait for the requester' },
  resume: { zh: '恢复计时', en: 'Resume the clock' },
  handle: { zh: '办结', en: 'Mark handled' },
  feedback: { zh: '反馈', en: 'Report back' },
  evaluate: { zh: '回访评价', en: 'Record the callback rating' },
  evaluate_org: { zh: '评价承办单位', en: 'Evaluate the handler' },
  assign_leader: { zh: '领导包案', en: 'Assign a leader' },
  instruct: { zh: '领导批示', en: 'Give an instruction' },
  merge: { zh: '并案', en: 'Merge' },
  recategorize: { zh: '改类', en: 'Change the category' },
  reroute: { zh: '改派', en: 'Re-route' },
  urge: { zh: '催办', en: 'Urge' },
  supervise: { zh: '督办', en: 'Supervise' },
};

/** The order buttons appear in; the loop's main step first. */
export const ACTION_ORDER: AppealAction[] = [
  'accept',
  'dispatch',
  'sign',
  'handle',
  'feedback',
  'evaluate',
  'evaluate_org',
  'solve_on_spot',
  'whistle',
  'place',
  'decide_request',
  'request_extension',
  'request_deferral',
  'await_requester',
  'resume',
  'return',
  'note',
  'instruct',
  'assign_leader',
  'reroute',
  'recategorize',
  'urge',
  'supervise',
  'merge',
  'reject',
];

/** Actions that move the appeal forward: shown as the primary button. */
export const PRIMARY_ACTIONS: ReadonlySet<AppealAction> = new Set(['accept', 'dispatch', 'sign', 'handle', 'feedback', 'evaluate', 'evaluate_org', 'solve_on_spot']);
export const DANGER_ACTIONS: ReadonlySet<AppealAction> = new Set(['reject', 'return']);

export const EVENT_LABELS: Record<string, Bilingual> = {
  registered: { zh: '登记', en: 'Registered' },
  accepted: { zh: '受理', en: 'Accepted' },
  not_accepted: { zh: '不予受理', en: 'Not accepted' },
  solved_on_spot: { zh: '就地解决', en: 'Solved on the spot' },
  placed: { zh: '落格', en: 'Placed in a grid' },
  dispatched: { zh: '派遣', en: 'Dispatched' },
  whistled: { zh: '吹哨', en: 'Whistle blown' },
  signed: { zh: '签收', en: 'Signed for' },
  part_signed: { zh: '联办单位签收', en: 'Co-handler signed for it' },
  returned: { zh: '退单', en: 'Returned' },
  part_returned: { zh: '联办单位退单', en: 'Co-handler returned it' },
  note: { zh: '办理记录', en: 'Note' },
  extension_requested: { zh: '申请延期', en: 'Extension requested' },
  deferral_requested: { zh: '申请缓办', en: 'Deferral requested' },
  extension_approved: { zh: '批准延期', en: 'Extension approved' },
  extension_refused: { zh: '不批准延期', en: 'Extension refused' },
  deferral_approved: { zh: '批准缓办', en: 'Deferral approved' },
  deferral_refused: { zh: '不批准缓办', en: 'Deferral refused' },
  paused: { zh: '等待诉求人（暂停计时）', en: 'Waiting for the requester (clock paused)' },
  resumed: { zh: '恢复计时', en: 'Clock resumed' },
  part_handled: { zh: '联办单位办结', en: 'Co-handler finished its part' },
  handled: { zh: '办结', en: 'Handled' },
  feedback: { zh: '反馈', en: 'Reported back' },
  rated: { zh: '群众评价', en: 'Requester’s rating' },
  org_evaluated: { zh: '评价承办单位', en: 'Handler evaluated' },
  reworked: { zh: '重办', en: 'Rework' },
  closed: { zh: '结案', en: 'Closed' },
  leader_assigned: { zh: '领导包案', en: 'Leader assigned' },
  instructed: { zh: '领导批示', en: 'Leader’s instruction' },
  merged: { zh: '并案', en: 'Merged' },
  merged_in: { zh: '并入诉求', en: 'Appeal merged in' },
  recategorized: { zh: '改类', en: 'Category changed' },
  rerouted: { zh: '改派', en: 'Re-routed' },
  urged: { zh: '催办', en: 'Urged' },
  supervised: { zh: '督办', en: 'Supervised' },
  deadline_warning: { zh: '即将超期提醒', en: 'Deadline warning' },
  overdue: { zh: '办理超期', en: 'Handling overdue' },
  response_overdue: { zh: '签收超时', en: 'Not signed for in time' },
  accept_warning: { zh: '即将超过受理时限', en: 'Acceptance deadline near' },
  accept_overdue: { zh: '超过受理时限', en: 'Not accepted in time' },
};

export const EVENT_COLORS: Record<string, string> = {
  registered: 'gray',
  not_accepted: 'red',
  returned: 'red',
  part_returned: 'red',
  overdue: 'red',
  response_overdue: 'red',
  accept_overdue: 'red',
  accept_warning: 'orange',
  deadline_warning: 'orange',
  reworked: 'orange',
  whistled: 'orange',
  urged: 'orange',
  supervised: 'red',
  rerouted: 'orange',
  handled: 'green',
  solved_on_spot: 'green',
  closed: 'green',
};

export const REQUESTER_RATING_LABELS: Record<string, Bilingual> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  basically_satisfied: { zh: '基本满意', en: 'Basically satisfied' },
  dissatisfied: { zh: '不满意', en: 'Dissatisfied' },
  unreachable: { zh: '无法联系', en: 'Unreachable' },
};

export const ORG_RATING_LABELS: Record<string, Bilingual> = {
  good: { zh: '好', en: 'Good' },
  fair: { zh: '一般', en: 'Fair' },
  poor: { zh: '差', en: 'Poor' },
};

export const RATING_COLORS: Record<string, string> = {
  satisfied: 'green',
  basically_satisfied: 'cyan',
  dissatisfied: 'red',
  unreachable: 'default',
  good: 'green',
  fair: 'gold',
  poor: 'red',
};

export const EVALUATION_METHOD_LABELS: Record<string, Bilingual> = {
  callback: { zh: '电话回访', en: 'Callback' },
  staff: { zh: '工作人员代评', en: 'Recorded by staff' },
  self: { zh: '群众自评', en: 'By the requester' },
};

export const EVALUATION_KIND_LABELS: Record<string, Bilingual> = {
  requester: { zh: '群众满意度', en: 'Requester’s satisfaction' },
  township: { zh: '乡镇评价承办单位', en: 'Township’s evaluation' },
};

export const REQUEST_KIND_LABELS: Record<string, Bilingual> = {
  extension: { zh: '延期', en: 'Extension' },
  deferral: { zh: '缓办', en: 'Deferral' },
};

export const REQUEST_STATUS_LABELS: Record<string, Bilingual> = {
  pending: { zh: '待审批', en: 'Pending' },
  approved: { zh: '已批准', en: 'Approved' },
  refused: { zh: '未批准', en: 'Refused' },
};
export const REQUEST_STATUS_COLORS: Record<string, string> = { pending: 'processing', approved: 'success', refused: 'error' };

export const LIMIT_UNIT_LABELS: Record<LimitUnit, Bilingual> = {
  working_hours: { zh: '工作小时', en: 'working hours' },
  working_days: { zh: '工作日', en: 'working days' },
  hours: { zh: '小时', en: 'hours' },
  days: { zh: '自然日', en: 'days' },
};

export const PART_ROLE_LABELS: Record<string, Bilingual> = {
  lead: { zh: '牵头', en: 'Lead' },
  co: { zh: '协办', en: 'Co-handler' },
};

export const PART_STATUS_LABELS: Record<string, Bilingual> = {
  dispatched: { zh: '待签收', en: 'To sign for' },
  in_progress: { zh: '办理中', en: 'In progress' },
  handled: { zh: '已办结', en: 'Handled' },
  returned: { zh: '已退回', en: 'Returned' },
};
export const PART_STATUS_COLORS: Record<string, string> = { dispatched: 'default', in_progress: 'processing', handled: 'success', returned: 'error' };

export const PAUSE_REASON_LABELS: Record<string, Bilingual> = {
  requester: { zh: '等待诉求人', en: 'waiting for the requester' },
  deferral: { zh: '经批准缓办', en: 'deferral approved' },
};
