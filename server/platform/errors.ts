/**
 * The error catalog (code → status, zh, en), AppError and the message in a language. The handler
 * that answers with them is error-handler.ts.
 */
import type { Locale } from './i18n.js';

/** A step the appeal's current state does not allow (409). */
const refusedIn = (zh: string, en: string) =>
  ({ status: 409, zh: `当前状态「{status}」不能执行「${zh}」`, en: `An appeal that is {statusEn} cannot ${en}` }) as const;

/** A step the mediation case's current state does not allow (409). */
const caseRefusedIn = (zh: string, en: string) =>
  ({ status: 409, zh: `调解案件当前状态「{status}」不能执行「${zh}」`, en: `A mediation case that is {statusEn} cannot ${en}` }) as const;
/** A step the project's current state does not allow (409). */
const refusedProject = (zh: string, en: string) =>
  ({ status: 409, zh: `项目当前状态「{status}」不能执行「${zh}」`, en: `A project that is {statusEn} cannot ${en}` }) as const;

/**
 * The one error catalog: a stable code, its HTTP status and its message in each language.
 * `{name}` placeholders are filled from the error's params.
 */
export const ERRORS = {
  validation_failed: { status: 400, zh: '请求内容不正确：{summary}', en: 'The request is not valid: {summary}' },
  bad_request: { status: 400, zh: '请求无法处理：{reason}', en: 'The request cannot be processed: {reasonEn}' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please sign in first' },
  invalid_credentials: { status: 401, zh: '用户名或密码不正确', en: 'Wrong username or password' },
  invalid_api_key: { status: 401, zh: 'API 密钥无效或已吊销', en: 'The API key is invalid or revoked' },
  wrong_password: { status: 400, zh: '当前密码不正确', en: 'The current password is wrong' },
  weak_password: {
    status: 400,
    zh: '密码须为 10–128 个字符，且不能是常见密码或与用户名相同',
    en: 'The password needs 10 to 128 characters and may not be a common password or the username',
  },
  login_throttled: {
    status: 429,
    zh: '登录失败次数过多，请 {minutes} 分钟后再试',
    en: 'Too many failed sign-ins; try again in {minutes} minutes',
  },
  csrf_failed: {
    status: 403,
    zh: '请求缺少有效的 CSRF 令牌，请刷新页面后重试',
    en: 'The request lacks a valid CSRF token; reload the page and try again',
  },
  forbidden: { status: 403, zh: '没有执行此操作的权限', en: 'You are not allowed to do this' },
  not_found: { status: 404, zh: '{what}不存在', en: '{whatEn} not found' },
  route_not_found: { status: 404, zh: '接口不存在：{method} {url}', en: 'No such endpoint: {method} {url}' },
  conflict: { status: 409, zh: '{reason}', en: '{reasonEn}' },
  stale_version: {
    status: 409,
    zh: '该记录已被他人修改，请刷新后重试',
    en: 'Someone else changed this record; reload and try again',
  },
  duplicate: { status: 409, zh: '{what}已存在：{value}', en: '{whatEn} already exists: {value}' },
  out_of_scope: { status: 403, zh: '{what}超出您的管辖范围', en: '{whatEn} is outside your area' },
  reveal_reason_required: { status: 400, zh: '查看完整个人信息须填写理由（1–200 字），理由记入审计日志', en: 'Give a reason (1–200 characters) to reveal personal data; it is recorded in the audit log' },
  payload_too_large: { status: 413, zh: '请求内容过大（上限 {limit}）', en: 'The request is too large (limit {limit})' },
  unsupported_media_type: { status: 415, zh: '不支持的内容类型：{type}', en: 'Unsupported content type: {typeEn}' },
  invalid_polygon: { status: 400, zh: '{field} 不是有效的网格边界：{reason}', en: '{field} is not a valid grid outline: {reasonEn}' },
  invalid_id_number: { status: 400, zh: '{field} 身份证号码不正确：{reason}', en: '{field} is not a valid ID number: {reasonEn}' },
  invalid_phone: { status: 400, zh: '{field} 电话号码不正确：{reason}', en: '{field} is not a valid phone number: {reasonEn}' },
  id_number_mismatch: {
    status: 400,
    zh: '{field} 与身份证号码不符（号码中为 {expected}）',
    en: '{field} does not match the ID number (which says {expected})',
  },
  required: { status: 400, zh: '{field} 不能为空', en: '{field} is required' },
  unknown_value: { status: 400, zh: '{field} 取值未定义：{value}', en: '{field} has an undefined value: {value}' },
  self_approval: { status: 409, zh: '不能审批自己提出的申请，须由另一账号审批', en: 'You cannot approve your own request; another account must approve it' },
  revert_conflict: {
    status: 409,
    zh: '该修改之后这些字段又被改过，不能直接撤销：{fields}',
    en: 'These fields changed again after that change, so it cannot be reverted as is: {fields}',
  },
  import_bad_file: { status: 400, zh: '表格无法导入：{reason}', en: 'The spreadsheet cannot be imported: {reasonEn}' },
  // Smaller holes (issue 10 item 5): unpacked upload size, ID numbers of other areas, idempotent appeal creation.
  archive_too_large: { status: 413, zh: '文件解压后过大，无法处理：{reason}', en: 'The file is too large once unpacked: {reasonEn}' },
  id_number_not_addable: {
    status: 409,
    zh: '该身份证号不能在此登记，请核对号码或联系上级管理员',
    en: 'This ID number cannot be added here; check the number or ask a higher-level administrator',
  },
  idempotency_key_reused: {
    status: 409,
    zh: '该幂等键（Idempotency-Key）已用于另一份内容不同的提交，请为新的提交生成新的键',
    en: 'This Idempotency-Key was already used for a different submission; generate a new key for a new submission',
  },
  invalid_idempotency_key: {
    status: 400,
    zh: '幂等键（Idempotency-Key）格式不正确：应为 8–100 个字母、数字或 -_.:',
    en: 'The Idempotency-Key is not valid: use 8–100 letters, digits or -_.:',
  },
  metrics_unauthorized: { status: 401, zh: '访问监控指标需要有效的令牌', en: 'The metrics endpoint needs a valid token' },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  // Public endpoints (issue 10 item 4): tracking guesses, residents' photos
  tracking_locked: {
    status: 429,
    zh: '该编号的查询错误次数过多，已暂时锁定，请于 {until}（约 {minutes} 分钟后）再试',
    en: 'Too many wrong tries for this number; it is locked until {until} China time (about {minutes} minutes)',
  },
  photo_invalid: { status: 400, zh: '照片 {index} 无法识别为图片（仅支持 JPEG、PNG、WebP）', en: 'Photo {index} is not a readable image (JPEG, PNG or WebP only)' },
  photo_too_large: {
    status: 413,
    zh: '照片 {index} 过大：{reason}',
    en: 'Photo {index} is too large: {reasonEn}',
  },
  photos_too_large: {
    status: 413,
    zh: '照片过多或过大：每次最多 {count} 张，每张不超过 {each}，合计不超过 {total}',
    en: 'Too many or too large photos: at most {count} a submission, {each} each, {total} in all',
  },
  // Why a message to a requester has not gone out yet, as the outbox shows it (the stored text stays
  // the operator's; the screen reads it in the user's language).
  sms_sender_refused: { status: 502, zh: '短信网关拒收（状态码 {status}），将自动重试', en: 'The SMS gateway refused it (status {status}); it will be retried' },
  sms_sender_timeout: { status: 504, zh: '短信网关 {ms} 毫秒内未响应，将自动重试', en: 'The SMS gateway did not answer within {ms} ms; it will be retried' },
  sms_sender_unreachable: { status: 502, zh: '无法连接短信网关{cause}，将自动重试', en: 'The SMS gateway could not be reached{cause}; it will be retried' },
  sms_no_sender: { status: 503, zh: '未配置短信网关（TINGSU_SMS_WEBHOOK_URL），消息暂存待发', en: 'No SMS gateway is configured (TINGSU_SMS_WEBHOOK_URL); the message waits' },
  sms_sender_failed: { status: 502, zh: '短信发送失败：{reason}', en: 'Sending failed: {reasonEn}' },
  database_unavailable: { status: 503, zh: '数据库暂不可用', en: 'The database is unavailable' },
  // Input hardening (issue 10): what the framework refuses before any route runs.
  bad_url: { status: 400, zh: '请求地址无效：{reason}', en: 'The address is not valid: {reasonEn}' },
  // Reliability (database out of reach, disk full)
  storage_full: {
    status: 507,
    zh: '服务器存储空间已满，本次内容未保存；请联系管理员释放磁盘空间后重试',
    en: 'The server is out of storage space and nothing was saved; ask your administrator to free disk space, then try again',
  },
  // The appeal loop (issue 11): each refusal of a step has its own code. A step the appeal's state
  // does not allow answers "当前状态「…」不能执行「…」" with the state in {status}/{statusEn}.
  appeal_not_acceptable: refusedIn('受理', 'accept'),
  appeal_not_rejectable: refusedIn('不予受理', 'not accept'),
  appeal_not_solvable_on_spot: refusedIn('就地解决', 'solve on the spot'),
  appeal_not_placeable: refusedIn('落格', 'place in a grid'),
  appeal_not_dispatchable: refusedIn('派遣', 'dispatch'),
  appeal_not_whistleable: refusedIn('吹哨', 'blow the whistle'),
  appeal_not_signable: refusedIn('签收（报到）', 'sign for'),
  appeal_not_returnable: refusedIn('退单', 'return'),
  appeal_closed_to_notes: refusedIn('添加办理记录', 'add a note'),
  appeal_not_extendable: refusedIn('申请延期', 'request an extension'),
  appeal_not_deferrable: refusedIn('申请缓办', 'request a deferral'),
  appeal_request_not_decidable: refusedIn('审批延期/缓办', 'decide a request'),
  appeal_not_pausable: refusedIn('等待诉求人', 'wait for the requester'),
  appeal_not_resumable: refusedIn('恢复计时', 'resume the clock'),
  appeal_not_handleable: refusedIn('办结', 'handle'),
  appeal_not_ready_for_feedback: refusedIn('反馈', 'give feedback'),
  appeal_not_ratable: refusedIn('回访评价', 'record the requester’s rating'),
  appeal_org_not_evaluable: refusedIn('评价承办单位', 'evaluate the handling organisation'),
  appeal_leader_not_assignable: refusedIn('领导包案', 'assign a leader'),
  appeal_not_instructable: refusedIn('领导批示', 'instruct'),
  appeal_not_mergeable: refusedIn('并案', 'merge'),
  appeal_not_withdrawable: refusedIn('撤诉', 'be withdrawn'),
  appeal_not_recategorizable: refusedIn('改类', 'change the category'),
  appeal_not_reroutable: refusedIn('改派', 're-route'),
  appeal_not_urgeable: refusedIn('催办', 'urge'),
  appeal_not_supervisable: refusedIn('督办', 'supervise'),
  appeal_category_unchanged: { status: 409, zh: '诉求已是该类别', en: 'The appeal is already in that category' },
  appeal_reroute_same_org: { status: 409, zh: '诉求已由该单位牵头办理，请选择另一单位', en: 'That organisation already leads the appeal; choose another' },
  // …and each guard of a step its own.
  appeal_clock_paused: { status: 409, zh: '计时已暂停', en: 'The clock is already paused' },
  appeal_clock_not_paused: { status: 409, zh: '计时未暂停', en: 'The clock is not paused' },
  appeal_request_pending: { status: 409, zh: '已有待审批的申请', en: 'A request is already waiting for a decision' },
  appeal_no_pending_request: { status: 409, zh: '没有待审批的延期或缓办申请', en: 'No extension or deferral request is waiting for a decision' },
  appeal_request_decided: { status: 409, zh: '该申请已审批', en: 'The request has already been decided' },
  appeal_already_placed: { status: 409, zh: '该诉求已在网格中，无需落格', en: 'The appeal is already in a grid' },
  appeal_already_signed: { status: 409, zh: '本单位已签收', en: 'Your organisation has already signed for it' },
  appeal_not_signed: { status: 409, zh: '请先签收', en: 'Sign for it first' },
  appeal_co_parts_open: { status: 409, zh: '联办单位尚未办结：{orgs}', en: 'Co-handling organisations have not finished their parts: {orgs}' },
  appeal_return_limit_passed: {
    status: 409,
    zh: '已超过退单时限（派遣后 {days} 个工作日）',
    en: 'The return limit ({days} working days after dispatch) has passed',
  },
  appeal_already_rated: { status: 409, zh: '本轮已评价', en: 'This round has already been evaluated' },
  appeal_org_already_evaluated: { status: 409, zh: '本轮已评价承办单位', en: 'The handling organisation has already been evaluated this round' },
  appeal_no_handling_org: {
    status: 409,
    zh: '就地解决的诉求没有承办单位可评价',
    en: 'An appeal solved on the spot has no handling organisation to evaluate',
  },
  appeal_master_finished: { status: 409, zh: '主诉求已结束，不能并入', en: 'The master appeal is finished' },
  appeal_merge_other_township: { status: 409, zh: '只能合并同一乡镇（街道）的诉求', en: 'Only appeals of one township can be merged' },
  appeal_already_affected: { status: 409, zh: '您已登记受此问题影响，办结后会短信告知您', en: 'You are already counted as affected by this problem; you will be told the outcome by SMS' },
  visit_no_resident_phone: {
    status: 409,
    zh: '该户没有可联系的手机号，请填写受影响居民的电话',
    en: 'The household has no phone to reach; give the affected resident’s phone',
  },
  appeal_merge_into_itself: { status: 400, zh: '诉求不能并入自身，请选择另一条主诉求', en: 'An appeal cannot be merged into itself; choose another master appeal' },
  appeal_orgs_repeated: { status: 400, zh: '承办单位重复', en: 'An organisation appears twice' },
  appeal_outside_china: {
    status: 400,
    zh: '坐标不在中国境内（经度 73.4–135.1，纬度 3.8–53.6）',
    en: 'The coordinates are outside China (longitude 73.4–135.1, latitude 3.8–53.6)',
  },
  appeal_place_missing: {
    status: 400,
    zh: '请提供位置坐标或所属网格、社区、乡镇',
    en: 'Give a location or the grid, community or township',
  },
  appeal_not_solvable_by_you: {
    status: 403,
    zh: '只有网格员和社区工作人员可以登记就地解决的诉求',
    en: 'Only grid workers and community staff may register an appeal solved on the spot',
  },
  appeal_rating_not_open: {
    status: 409,
    zh: '该诉求当前不能评价（办理结果反馈后才能评价）',
    en: 'This appeal cannot be rated now (only after the result is fed back)',
  },
  public_submission_refused: { status: 400, zh: '提交被拒绝', en: 'The submission was refused' },
  metrics_period_missing: { status: 400, zh: '请给出统计区间：month，或 from 和 to', en: 'Give the period: month, or from and to' },
  metrics_period_reversed: { status: 400, zh: '统计区间不正确（起始应早于结束）', en: 'The period must start before it ends' },
  metrics_period_too_long: { status: 400, zh: '统计区间最长三年', en: 'The period may span at most three years' },
  reminder_days_repeated: { status: 400, zh: '提前提醒的天数不能重复（{field}）', en: 'The days ahead must not repeat ({field})' },
  reminder_subject_mismatch: { status: 400, zh: '“{kind}”应登记在{subject}上（{field}）', en: 'An item of kind {kindEn} belongs to {subjectEn} ({field})' },
  assessment_weights_sum: { status: 400, zh: '综合得分的权重之和应为 1（现为 {sum}），请调整 {field}', en: 'The weights of the overall score must add up to 1 (now {sum}); adjust {field}' },
  assessment_weights_county: { status: 400, zh: '权重按县（区）设置：{field} 应为 6 位县级代码', en: 'Weights are set per county: {field} must be a 6-digit county code' },
  county_setting_region: { status: 400, zh: '{what}按县（区）设置：{field} 应为 6 位县级代码', en: '{whatEn} are set per county: {field} must be a 6-digit county code' },
  duplicate_settings_window: { status: 400, zh: '已办结诉求的提示天数（{field}）不能超过未办结诉求的天数（{openDays}）', en: 'Closed appeals cannot be offered longer ({field}) than open ones ({openDays} days)' },
  metrics_weights_sum: { status: 400, zh: '综合得分的权重之和应为 1', en: 'The weights of the overall score must add up to 1' },
  limits_repeated: { status: 400, zh: '重复的时限：{key}', en: 'The limit {key} is given twice' },
  limits_default_missing: {
    status: 400,
    zh: '必须包含默认时限（类别 *，三种紧急程度）',
    en: 'The default limits (category *, every urgency) are required',
  },
  appeal_text_required: { status: 400, zh: '{what}不能为空', en: '{whatEn} is required' },
  too_many_photos: { status: 400, zh: '照片最多 {max} 张', en: 'At most {max} photos' },
  meeting_step_refused: { status: 409, zh: '会议当前状态「{status}」不能执行「{step}」', en: 'A meeting that is {statusEn} cannot {stepEn}' },
  meeting_reason_required: { status: 400, zh: '请填写理由', en: 'A reason is required' },
  meeting_date_required: { status: 400, zh: '请给出新的会议日期', en: 'Give the new date of the meeting' },
  meeting_progress_required: { status: 400, zh: '请给出进度（0–100）', en: 'Give the progress (0 to 100)' },
  meeting_quorum_not_met: {
    status: 409,
    zh: '到会人数不足法定人数：应到 {invited} 人，实到 {present} 人，需至少 {needed} 人',
    en: 'No quorum: {present} of {invited} members present, {needed} needed',
  },
  meeting_already_signed_in: { status: 409, zh: '该参会人员已签到', en: 'This participant has already signed in' },
  meeting_sign_in_closed: { status: 409, zh: '会议已取消，不能签到', en: 'The meeting is cancelled; no sign-ins' },
  meeting_not_held: { status: 409, zh: '会议尚未召开，不能记录决定', en: 'The meeting has not been held; no decisions yet' },
  meeting_topic_decided: { status: 409, zh: '该议题已处理（{status}）', en: 'This topic has already been decided ({statusEn})' },
  meeting_action_closed: { status: 409, zh: '该事项已完成或已放弃，不能再更新', en: 'This action is done or dropped and can no longer change' },
  meeting_action_in_appeal: { status: 409, zh: '该事项已转入诉求办理', en: 'This action has already been sent into the appeal loop' },
  meeting_none_upcoming: { status: 409, zh: '此地近期没有安排会议，暂不能提交议题', en: 'No meeting is scheduled here yet; topics cannot be proposed now' },
  meeting_topic_stage_refused: { status: 409, zh: '议题须按 征集→调研→协商→成果 的顺序推进', en: 'A topic moves collected → researched → consulted → concluded, in order' },
  meeting_report_required: { status: 400, zh: '请附调研报告', en: 'Attach the research report' },
  meeting_outcome_required: { status: 400, zh: '请填写协商成果', en: 'Write the outcome of the consultation' },
  meeting_action_owner_required: { status: 400, zh: '事项须有责任单位或责任人，以及完成期限', en: 'An action needs an owner (an organisation or a person) and a deadline' },
  meeting_vote_counts_required: { status: 400, zh: '举手表决须给出赞成、反对、弃权人数', en: 'A show of hands needs the counts for, against and abstaining' },
  meeting_series_rule_invalid: { status: 400, zh: '重复规则不正确：{reason}', en: 'The recurrence rule is not valid: {reasonEn}' },
  // 人民调解 (mediation module): each refused step its own code.
  mediation_not_acceptable: caseRefusedIn('受理', 'be accepted'),
  mediation_not_declinable: caseRefusedIn('不予受理', 'be declined'),
  mediation_not_investigable: caseRefusedIn('开始调查', 'be investigated'),
  mediation_session_not_allowed: { status: 409, zh: '调解案件当前状态「{status}」不能记录调解会（须先受理）', en: 'A mediation case that is {statusEn} cannot have a session (it must be accepted first)' },
  mediation_not_schedulable: caseRefusedIn('约定调解会', 'have a session scheduled'),
  mediation_agreement_not_allowed: { status: 409, zh: '调解案件当前状态「{status}」不能达成协议（须先召开调解会）', en: 'A mediation case that is {statusEn} cannot record an agreement (a session comes first)' },
  mediation_agreement_not_revisable: caseRefusedIn('修订协议', 'have its agreement revised'),
  mediation_no_agreement_not_allowed: caseRefusedIn('未达成协议', 'end without agreement'),
  mediation_not_checkable: caseRefusedIn('履行回访', 'have its performance checked'),
  mediation_not_performable: caseRefusedIn('确认已履行', 'be marked performed'),
  mediation_not_failable: caseRefusedIn('确认未履行', 'be marked not performed'),
  mediation_not_referable: caseRefusedIn('移送', 'be referred'),
  mediation_not_transferable: caseRefusedIn('转其他调解组织', 'be transferred'),
  mediation_not_closable: caseRefusedIn('结案归档', 'be closed'),
  mediation_confirmation_not_allowed: caseRefusedIn('司法确认', 'go to judicial confirmation'),
  mediation_confirmation_already_applied: { status: 409, zh: '已申请司法确认', en: 'Judicial confirmation has already been applied for' },
  mediation_confirmation_lapsed: { status: 409, zh: '司法确认申请期限（协议生效后 30 日，截至 {dueOn}）已过', en: 'The 30-day window for judicial confirmation (until {dueOn}) has passed' },
  mediation_confirmation_not_applied: { status: 409, zh: '尚未申请司法确认', en: 'Judicial confirmation has not been applied for' },
  mediation_confirmation_not_accepted: { status: 409, zh: '法院尚未受理司法确认申请', en: 'The court has not accepted the application for confirmation' },
  mediation_transfer_same_body: { status: 409, zh: '案件已由该调解组织办理，请选择另一调解组织', en: 'That body already holds the case; choose another' },
  mediation_not_a_body: { status: 400, zh: '{what}不是调解组织', en: '{whatEn} is not a mediation body' },
  mediation_party_contact_required: { status: 400, zh: '第 {index} 个当事人：非本辖区登记人员须填写姓名和联系电话', en: 'Party {index}: someone outside the household files needs a name and a contact phone' },
  mediation_party_side_missing: { status: 400, zh: '调解案件须有申请人和被申请人', en: 'A mediation case needs an applicant and a respondent' },
  mediation_responsibility_unknown_party: { status: 400, zh: '协议中的责任须对应本案当事人', en: 'Each responsibility in the agreement must name a party of the case' },
  mediation_source_missing: { status: 400, zh: '来源为{source}时须指明{what}', en: 'A case from {sourceEn} must name {whatEn}' },
  // funds (社区吹哨专项基金, 三账公开)
  fund_insufficient: { status: 409, zh: '资金余额不足：{what}余额 {balance} 元{reserved}，本次需 {amount} 元', en: 'Not enough money: {whatEn} holds {balance} yuan{reservedEn}, this needs {amount} yuan' },
  fund_thresholds_invalid: { status: 400, zh: '审批限额不正确：{field} {reason}', en: 'The approval thresholds are not valid: {field} {reasonEn}' },
  ledger_append_only: { status: 409, zh: '台账只增不改：记错的账请用冲正记一笔新账', en: 'The ledger is append-only: undo a mistake with a reversing entry' },
  fund_split_invalid: { status: 400, zh: '分配规则不正确：{reason}', en: 'The split rule is not valid: {reasonEn}' },
  fund_bucket_required: { status: 400, zh: '该账户按规则分账，请指明支出的分账科目（{buckets}）', en: 'This account is split: name the bucket to spend from ({buckets})' },
  fund_bucket_unknown: { status: 400, zh: '分账科目不存在：{bucket}', en: 'No such bucket: {bucket}' },
  fund_kind_mismatch: { status: 409, zh: '{reason}', en: '{reasonEn}' },
  fund_allocation_target: { status: 400, zh: '拨付对象须为本资金所属区域内的乡镇（街道）或村（社区）：{code}', en: 'An allocation goes to a township or community inside the fund’s area: {code}' },
  ledger_entry_already_reversed: { status: 409, zh: '该笔记账已冲正，不能再次冲正', en: 'This entry has already been reversed' },
  ledger_entry_is_reversal: { status: 409, zh: '冲正记录不能再冲正，如有错误请另行记账', en: 'A reversal cannot be reversed; record a new entry instead' },
  project_category_ineligible: { status: 409, zh: '该资金不能用于「{category}」（可用于：{eligible}）', en: 'This fund cannot pay for {category} (it pays for: {eligible})' },
  project_outside_fund: { status: 400, zh: '项目地点 {code} 不在该资金的使用范围（{fund}）内', en: 'The project’s place {code} is outside the area of the fund ({fund})' },
  project_source_taken: { status: 409, zh: '该来源已有在办项目：{title}', en: 'This source already has an open project: {title}' },
  project_self_approval: { status: 409, zh: '不能审批自己提出或已审批过的项目，须由另一人审批', en: 'You proposed or already approved this project; another person must approve it' },
  project_approval_level: { status: 409, zh: '本项目待{level}审批，您不在该层级或辖区', en: 'This project waits for the {levelEn} level; you do not approve at that level or place' },
  project_no_pending_approval: { status: 409, zh: '该项目没有待审批的金额', en: 'No amount of this project waits for approval' },
  project_approval_pending: { status: 409, zh: '该项目有待审批的金额，请先完成审批', en: 'An amount of this project waits for approval; finish the approval first' },
  project_not_approvable: refusedProject('审批', 'be approved'),
  project_not_rejectable: refusedProject('不予批准', 'be rejected'),
  project_not_raisable: refusedProject('申请追加金额', 'ask for a higher amount'),
  project_not_startable: refusedProject('开工', 'start'),
  project_not_in_progress: refusedProject('记录进度', 'record a milestone'),
  project_not_completable: refusedProject('完工', 'be completed'),
  project_not_acceptable: refusedProject('验收', 'be accepted'),
  project_not_closable: refusedProject('决算结项', 'be closed'),
  project_not_cancellable: refusedProject('撤销', 'be cancelled'),
  project_not_payable: refusedProject('付款', 'be paid'),
  project_households_fixed: refusedProject('修改受益户数', 'have its households changed'),
  project_has_payments: { status: 409, zh: '项目已有付款，不能撤销', en: 'The project has payments; it cannot be cancelled' },
  project_payments_pending: { status: 409, zh: '项目有待审核的付款，请先审核', en: 'A payment of the project waits for approval; decide it first' },
  project_over_approved: { status: 409, zh: '付款超出批准金额：已批准 {approved} 元，已付及待付 {committed} 元，本次 {amount} 元；请先申请追加并获批准', en: 'The payment exceeds the approved amount: {approved} yuan approved, {committed} yuan paid or pending, {amount} yuan now; request a higher amount and have it approved first' },
  project_raise_not_higher: { status: 400, zh: '追加后的金额须高于已批准金额 {approved} 元', en: 'The new amount must exceed the approved {approved} yuan' },
  project_final_cost_mismatch: { status: 409, zh: '决算金额 {final} 元与已付金额 {paid} 元不符', en: 'The final cost of {final} yuan does not match the {paid} yuan paid' },
  payment_self_approval: { status: 409, zh: '不能审核自己提出的付款申请，须由另一人审核', en: 'You cannot approve your own payment request; another person must' },
  payment_not_pending: { status: 409, zh: '该付款申请已处理', en: 'This payment request has already been decided' },
  receipt_invalid: { status: 400, zh: '付款凭证须为 JPEG、PNG、WebP 图片或 PDF 文件（{reason}）', en: 'The receipt must be a JPEG, PNG or WebP image or a PDF ({reasonEn})' },
  // Enterprises (企业名录, 企业诉求, 企业特派员, 链长制)
  invalid_credit_code: { status: 400, zh: '{field} 统一社会信用代码 {code} 不正确：{reason}', en: '{field}: the unified social credit code {code} is not valid: {reasonEn}' },
  enterprise_duplicate: { status: 409, zh: '统一社会信用代码 {code} 已登记（{name}）', en: 'The unified social credit code {code} is already registered ({name})' },
  not_a_commissioner: { status: 403, zh: '{who}不是企业特派员', en: '{whoEn} is not an enterprise commissioner' },
  commissioner_outside_area: { status: 409, zh: '企业特派员 {who} 的服务区域不含该企业所在地（{region}）', en: 'Commissioner {who} does not serve the area the firm is in ({region})' },
  enterprise_appeal_not_open: { status: 409, zh: '该企业诉求已{state}，不能再{action}', en: 'This enterprise appeal is {stateEn}; it cannot {actionEn}' },
  chain_problem_closed: { status: 409, zh: '该链上问题已销号，不能再更改', en: 'This chain problem is closed; it cannot change' },
  disclosure_not_open: { status: 409, zh: '该申请当前不能这样处理（状态：{status}）', en: 'The request cannot take this step now (status: {status})' },
  disclosure_no_correction_pending: { status: 409, zh: '该申请没有待补正的通知', en: 'The request has no correction pending' },
  disclosure_not_consulting: { status: 409, zh: '该申请没有在征求第三方意见', en: 'The request is not waiting on a third party' },
  disclosure_correction_used: { status: 409, zh: '补正只能通知一次', en: 'A correction may be requested only once' },
  disclosure_correction_too_late: { status: 409, zh: '补正通知须在收到申请之日起 7 个工作日内发出', en: 'A correction must be requested within 7 working days of receipt' },
  disclosure_already_extended: { status: 409, zh: '答复期限只能延长一次', en: 'The answer period may be extended only once' },
  disclosure_notice_required: { status: 400, zh: '延期须附书面告知内容', en: 'An extension needs the written notice to the applicant' },
  disclosure_outcome_required: { status: 400, zh: '请选择答复结果', en: 'Choose the outcome of the answer' },
  disclosure_reason_required: { status: 400, zh: '不予公开或部分公开须说明理由', en: 'A refusal or partial disclosure needs its reason' },
  internal: { status: 500, zh: '服务器内部错误，请稍后重试（请求编号 {requestId}）', en: 'Internal server error; try again later (request {requestId})' },
  // 微心愿 (wishes): a step the wish's state does not allow, named by its state…
  wish_not_claimable: { status: 409, zh: '心愿当前为「{status}」，不能认领', en: 'A wish that is {statusEn} cannot be claimed' },
  wish_not_joinable: { status: 409, zh: '心愿当前为「{status}」，不能联合认领', en: 'A wish that is {statusEn} cannot be claimed jointly' },
  wish_not_fulfillable: { status: 409, zh: '心愿当前为「{status}」，不能登记圆梦', en: 'A wish that is {statusEn} cannot be fulfilled' },
  wish_not_confirmable: { status: 409, zh: '心愿当前为「{status}」，不能确认（每个心愿只确认一次）', en: 'A wish that is {statusEn} cannot be confirmed (a wish is confirmed once)' },
  wish_not_thankable: { status: 409, zh: '心愿当前为「{status}」，不能发布感谢', en: 'A wish that is {statusEn} cannot be thanked' },
  wish_not_withdrawable: { status: 409, zh: '心愿当前为「{status}」，不能撤回', en: 'A wish that is {statusEn} cannot be withdrawn' },
  // …the campaign's window…
  wish_window_not_open: { status: 409, zh: '活动认领期自 {start} 开始，尚未开始', en: 'The campaign’s claiming window opens on {start}' },
  wish_window_closed: { status: 409, zh: '活动认领期已于 {end} 结束', en: 'The campaign’s claiming window ended on {end}' },
  wish_campaign_over: { status: 409, zh: '活动已于 {end} 结束，不能再征集心愿', en: 'The campaign ended on {end}; no more wishes can be collected' },
  wish_campaign_dates: { status: 400, zh: '结束日期不能早于开始日期', en: 'The end date cannot be before the start date' },
  // …and the campaign's rules, checked against the household file.
  wish_outside_campaign: { status: 409, zh: '该居民不在活动覆盖的区域内', en: 'The person does not live in the campaign’s area' },
  wish_person_inactive: { status: 409, zh: '该居民已迁出或已故，不能登记心愿', en: 'The person has moved out or died; no wish can be recorded' },
  wish_age_unknown: { status: 409, zh: '户档案中没有该居民的出生日期，无法核对年龄要求', en: 'The household file has no birth date for the person, so the age rule cannot be checked' },
  wish_age_outside: { status: 409, zh: '该居民 {age} 岁，不符合活动年龄要求（{min}–{max} 岁）', en: 'The person is {age}, outside the campaign’s ages ({min}–{max})' },
  wish_tag_missing: { status: 409, zh: '该户没有「{tag}」标签，不符合活动条件', en: 'The household lacks the “{tagEn}” tag the campaign requires' },
  wish_duplicate: { status: 409, zh: '该居民在本次活动中已有心愿', en: 'The person already has a wish in this campaign' },
  wish_photo_date: { status: 400, zh: '照片日期 {date} 不能晚于今天', en: 'The photo’s date {date} cannot be after today' },
  // People who help, the three lists, volunteer activities.
  need_not_claimable: { status: 409, zh: '需求当前为「{status}」，不能认领', en: 'A need that is {statusEn} cannot be claimed' },
  need_not_completable: { status: 409, zh: '需求当前为「{status}」，不能登记完成', en: 'A need that is {statusEn} cannot be marked done' },
  need_not_confirmable: { status: 409, zh: '需求当前为「{status}」，不能确认（每个需求只确认一次）', en: 'A need that is {statusEn} cannot be confirmed (a need is confirmed once)' },
  need_not_cancellable: { status: 409, zh: '需求当前为「{status}」，不能撤销', en: 'A need that is {statusEn} cannot be cancelled' },
  need_claimant_required: { status: 400, zh: '请指明认领的党员、志愿者或结对单位（只能选一个）', en: 'Name the member, volunteer or paired unit that claims it (exactly one)' },
  activity_over: { status: 409, zh: '活动已结束，不能再报名', en: 'The activity is over; nobody can sign up any more' },
  activity_full: { status: 409, zh: '活动名额已满（{slots} 人）', en: 'The activity is full ({slots} places)' },
  activity_already_signed_up: { status: 409, zh: '已报名该活动', en: 'Already signed up for this activity' },
  activity_not_signed_up: { status: 409, zh: '未报名该活动', en: 'Not signed up for this activity' },
  activity_sign_in_closed: { status: 409, zh: '只能在活动开始前 1 小时至结束之间现场签到', en: 'Sign-in is open from an hour before the activity until its end' },
  activity_already_signed_in: { status: 409, zh: '已签到', en: 'Already signed in' },
  activity_not_signed_in: { status: 409, zh: '未签到，不能记录服务时长', en: 'Not signed in, so no hours can be recorded' },
  activity_hours_recorded: { status: 409, zh: '服务时长已记录', en: 'The hours are already recorded' },
  activity_hours_too_many: { status: 400, zh: '服务时长不能超过活动时长（{max} 分钟）', en: 'The hours cannot exceed the activity’s length ({max} minutes)' },
  // 未诉先办 warnings and 每月一题.
  warning_not_acknowledgeable: { status: 409, zh: '预警当前为「{status}」，不能签收', en: 'A warning that is {statusEn} cannot be acknowledged' },
  warning_not_handleable: { status: 409, zh: '预警已处置', en: 'The warning has already been handled' },
  warning_note_required: { status: 400, zh: '处置预警须填写说明', en: 'Handling a warning needs a note' },
  warning_rule_days: { status: 400, zh: '季节起止日期无效：{day}（应为 MM-DD）', en: 'Invalid season day {day} (MM-DD expected)' },
  problem_already_picked: { status: 409, zh: '该问题已被选为本月一题', en: 'This problem is already one of the month’s problems' },
  problem_limit_reached: { status: 409, zh: '本月已选 {max} 个问题，不能再选', en: 'The month already has {max} problems; no more can be picked' },
  // A helper's phone sign-in (one-time SMS codes) and what a helper may do on the phone.
  helper_code_wrong: { status: 400, zh: '验证码不正确或已失效，请重新获取', en: 'The code is wrong or no longer valid; ask for a new one' },
  helper_code_too_many: { status: 429, zh: '验证码尝试次数过多，请 15 分钟后再试', en: 'Too many attempts with codes; try again in 15 minutes' },
  wish_already_helper: { status: 409, zh: '您已认领该心愿', en: 'You have already claimed this wish' },
  wish_helper_already_claimed: { status: 409, zh: '该志愿者已认领该心愿', en: 'This helper has already claimed this wish' },
  helper_not_claimant: { status: 403, zh: '只有认领人才能登记圆梦或确认', en: 'Only a claimant can record the fulfilment or the confirmation' },
  wish_signature_invalid: { status: 400, zh: '签名须为不超过 {maxKb} KB 的 PNG 图片', en: 'The signature must be a PNG image of at most {maxKb} KB' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;
type Params = Record<string, string | number>;

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly params: Params = {},
    readonly details?: unknown,
  ) {
    super(code);
    this.status = ERRORS[code].status;
  }
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (params[k] !== undefined ? String(params[k]) : ''));
}

const HAN = /\p{Script=Han}/u;

/**
 * A reason written as "中文 / English" in one string: the two halves, split at the first slash
 * after which no Chinese follows. Null when the text is not of that form.
 */
function splitBilingual(text: string): { zh: string; en: string } | null {
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) {
    const zh = text.slice(0, i).trim();
    const en = text.slice(i + 1).trim();
    if (en && HAN.test(zh) && !HAN.test(en)) return { zh, en };
  }
  return null;
}

export function errorMessage(code: ErrorCode, params: Params, locale: Locale): string {
  const entry = ERRORS[code];
  const p = { ...params };
  // English fallbacks for params given only in Chinese; "中文 / English" reasons give each language its half.
  for (const [k, kEn] of [['what', 'whatEn'], ['reason', 'reasonEn'], ['type', 'typeEn']] as const) {
    if (p[kEn] !== undefined || p[k] === undefined) continue;
    const both = splitBilingual(String(p[k]));
    p[kEn] = both ? both.en : p[k];
    if (both) p[k] = both.zh;
  }
  return fill(locale === 'en' ? entry.en : entry.zh, p);
}

/** Shorthands used by services. */
export const notFound = (what: string, whatEn: string) => new AppError('not_found', { what, whatEn });
export const conflict = (reason: string, reasonEn: string, details?: unknown) =>
  new AppError('conflict', { reason, reasonEn }, details);
export const duplicate = (what: string, whatEn: string, value: string) =>
  new AppError('duplicate', { what, whatEn, value });
export const badRequest = (reason: string, details?: unknown) => new AppError('bad_request', { reason }, details);
