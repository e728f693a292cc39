/**
 * Fixed vocabulary shared by the pack schema and the engines: the case's key
 * date fields and the ids of the checks the engine can decide by itself.
 * A pack may only reference names defined here.
 */

/** Key dates a case records; process steps say which step fills which field. */
export const DATE_FIELDS = [
  'appliedOn',
  'acceptedOn',
  'verifiedOn',
  'investigatedOn',
  'publicityStart',
  'publicityEnd',
  'confirmedOn',
  'lastReviewOn',
] as const;
export type DateField = (typeof DATE_FIELDS)[number];

/** Chinese names used in every user-facing sentence about a date. */
export const DATE_FIELD_LABELS: Record<DateField, string> = {
  appliedOn: '申请日期',
  acceptedOn: '受理日期',
  verifiedOn: '核对日期',
  investigatedOn: '调查核实日期',
  publicityStart: '公示开始日期',
  publicityEnd: '公示结束日期',
  confirmedOn: '确认日期',
  lastReviewOn: '最近复核日期',
};

/** Short step names for check titles such as "受理→调查核实". */
export const DATE_FIELD_STEPS: Record<DateField, string> = {
  appliedOn: '申请',
  acceptedOn: '受理',
  verifiedOn: '核对',
  investigatedOn: '调查核实',
  publicityStart: '公示开始',
  publicityEnd: '公示结束',
  confirmedOn: '确认',
  lastReviewOn: '复核',
};

/** Non-date case fields a fact may be derived from. */
export const CASE_FIELDS = ['careMode'] as const;

/**
 * Archive checks (附件7) the engine decides itself. A pack marks an archive
 * check "automated" only with one of these ids; everything else is manual.
 */
export const ENGINE_CHECKS = {
  completeness: '档案要件齐全（按本户要件清单判定）',
  timelineOrder: '关键日期先后顺序',
  deadlines: '工作日时限',
  itemsPresent: '指定要件齐全',
  reviewRecords: '动态复核记录齐全且复核未逾期',
} as const;
export type EngineCheckId = keyof typeof ENGINE_CHECKS;
export const ENGINE_CHECK_IDS = Object.keys(ENGINE_CHECKS) as EngineCheckId[];

/** Engine checks that examine specific items and therefore need `items`. */
export const ITEM_ENGINE_CHECKS: readonly EngineCheckId[] = ['itemsPresent', 'reviewRecords'];
