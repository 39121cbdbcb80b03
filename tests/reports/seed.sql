-- seed.sql — fixture for tests/reports/run.sh: one working Friday,
-- 2026-11-20 (UTC+08:00), T0 = 1795104000, T1 = 1795190400.
-- Operator 1 is the admin made by `radesk init`.
-- Hostile text on purpose: organisation names and notes that start with
-- '=', '+' and '@' must stay text in the workbook.

INSERT INTO operators(id, login, display_name, role, enabled, created_at, updated_at) VALUES
 (2, 'auditor1', '张审核', 'auditor', 1, 1794000000, 1794000000),
 (3, 'auditor2', '李审核', 'auditor', 1, 1794000000, 1794000000),
 (4, 'super1', '王主管', 'supervisor', 1, 1794000000, 1794000000);

INSERT INTO applications(id, app_no, type, state, current_version, submitted_at, sla_due_at,
  org_name, org_id_no, handler_name, decided_at, decided_by, created_at, updated_at) VALUES
 (1, 'RA-2026-0001', 'new', 'approved', 1, 1795051800, 1795483800,
  '=SUM(A1:A9)有限公司', '91440300MA5F000001', '张伟明', 1795137300, 2, 1795051800, 1795137300),
 (2, 'RA-2026-0002', 'replace', 'rejected', 1, 1794880800, 1795140000,
  '+86 深圳市腾达科技有限公司', '91440300MA5F000002', '李娜', 1795140300, 3, 1794880800, 1795140300),
 (3, 'RA-2026-0003', 'renew', 'ready_to_install', 1, 1794981600, 1795413600,
  '@北京数字认证测试单位', '91110000MA5F000003', '欧阳娜娜', 1795146000, 2, 1794981600, 1795146000),
 (4, 'RA-2026-0004', 'new', 'in_review', 1, 1794880800, 1795140000,
  '广州市白云区测试有限公司', '91440100MA5F000004', '王小明', NULL, NULL, 1794880800, 1794880800),
 (5, 'RA-2026-0005', 'replace', 'received', 1, 1795150800, 1795582800,
  '杭州西湖软件有限公司', '91330100MA5F000005', '赵六', NULL, NULL, 1795150800, 1795150800),
 (6, 'RA-2026-0006', 'new', 'approved', 1, 1794981600, 1795413600,
  '昨日决定有限公司', '91330100MA5F000006', '钱七', 1795071600, 3, 1794981600, 1795071600);

INSERT INTO app_versions(id, app_id, version, type, submitted_at, submitted_at_text, bundle_name,
  bundle_sha256, manifest_json, ingested_at, sla_due_at, org_name, org_id_no, handler_name,
  handler_id_no, handler_mobile, pay_method, pay_amount_fen) VALUES
 (1, 1, 1, 'new', 1795051800, '2026-11-19T09:30:00+08:00', 'RA-2026-0001-v1.zip',
  'aa01', '{"format":1,"app_no":"RA-2026-0001","org":{"name":"=SUM(A1:A9)有限公司"}}',
  1795051900, 1795483800, '=SUM(A1:A9)有限公司', '91440300MA5F000001', '张伟明',
  '440301199001011234', '13800138000', 'wechat', 50000),
 (2, 2, 1, 'replace', 1794880800, '2026-11-17T10:00:00+08:00', 'RA-2026-0002-v1.zip',
  'aa02', '{"format":1}', 1794880900, 1795140000, '+86 深圳市腾达科技有限公司',
  '91440300MA5F000002', '李娜', '440301199202022345', '13900139000', 'alipay', 10000),
 (3, 3, 1, 'renew', 1794981600, '2026-11-18T14:00:00+08:00', 'RA-2026-0003-v1.zip',
  'aa03', '{"format":1}', 1794981700, 1795413600, '@北京数字认证测试单位',
  '91110000MA5F000003', '欧阳娜娜', '110101199303033456', '13700137000', 'transfer', 30000),
 (4, 4, 1, 'new', 1794880800, '2026-11-17T10:00:00+08:00', 'RA-2026-0004-v1.zip',
  'aa04', '{"format":1}', 1794880900, 1795140000, '广州市白云区测试有限公司',
  '91440100MA5F000004', '王小明', '440101199404044567', '13600136000', 'wechat', 50000),
 (5, 5, 1, 'replace', 1795150800, '2026-11-20T13:00:00+08:00', 'RA-2026-0005-v1.zip',
  'aa05', '{"format":1}', 1795150900, 1795582800, '杭州西湖软件有限公司',
  '91330100MA5F000005', '赵六', '330101199505055678', '13500135000', 'alipay', 10000),
 (6, 6, 1, 'new', 1794981600, '2026-11-18T14:00:00+08:00', 'RA-2026-0006-v1.zip',
  'aa06', '{"format":1}', 1794981700, 1795413600, '昨日决定有限公司',
  '91330100MA5F000006', '钱七', '330101199606066789', '13400134000', 'wechat', 50000);

INSERT INTO decisions(id, app_id, version_id, operator_id, action, from_state, to_state, note, created_at) VALUES
 (1, 1, 1, 2, 'approve', 'in_review', 'approved', '=HYPERLINK("http://evil.example","点我")', 1795137300),
 (2, 2, 2, 3, 'reject', 'in_review', 'rejected', '+请重新上传清晰的营业执照', 1795140300),
 (3, 3, 3, 2, 'approve', 'in_review', 'ready_to_install', '@所有人 已核验', 1795146000),
 (4, 6, 6, 3, 'approve', 'in_review', 'approved', '昨天的决定', 1795071600);
INSERT INTO decision_reasons(decision_id, code) VALUES
 (2, 'LICENSE_EXPIRED'), (2, 'ID_BLURRY');

INSERT INTO payments(id, app_id, version_id, method, amount_fen, trade_no, state, matched_at, created_at) VALUES
 (1, 1, 1, 'wechat', 50000, '4200001234202611200001', 'online', NULL, 1795132800),
 (2, 2, 2, 'alipay', 10000, '2026112022001400000002', 'online', NULL, 1795140000),
 (3, 3, 3, 'transfer', 30000, NULL, 'matched', 1795159200, 1795150800),
 (4, 6, 6, 'wechat', 50000, '4200001234202611190006', 'online', NULL, 1794981700);

-- Production: the first attempt failed QC, the second is being written
-- (columns of 003). An order untouched in the period stays out.
INSERT INTO production_orders(id, app_id, order_id, state, medium_serial,
 attempt, last_error, created_at, updated_at) VALUES
 (1, 1, 'PO-778898', 'qc_failed', '', 1, 'QC: =HYPERLINK("x") chip silent', 1795150000, 1795155000),
 (2, 1, 'PO-778899', 'writing', 'UK-0001', 2, '', 1795159200, 1795161600),
 (3, 2, 'PO-700000', 'ready', 'UK-0000', 1, '', 1794900000, 1794950000);
-- The retry was made at the minhang outlet (db 011: channels and outlets).
UPDATE production_orders SET outlet = 'minhang' WHERE id = 2;
INSERT INTO shipments(id, app_id, waybill_no, carrier, state, print_count,
 delivered_at, created_at, updated_at) VALUES
 (1, 1, 'SF1234567890', '顺丰速运', 'delivered', 2, 1795170000, 1795161600, 1795170000);

INSERT INTO ingest_log(bundle_name, bundle_sha256, outcome, app_no, version, reason, at) VALUES
 ('bad-bundle-0001.zip', 'bb01', 'quarantined', '', NULL, 'manifest.json: 缺少字段 org.name', 1795132800),
 ('RA-2026-0005-v1.zip', 'aa05', 'ingested', 'RA-2026-0005', 1, '', 1795150900),
 ('old-bad.zip', 'bb00', 'quarantined', '', NULL, 'yesterday', 1795051800);

-- The dossier of RA-2026-0001: one scan (bytes written by run.sh into the
-- blob store: "radesk test scan #1\n"), a finding, a check, a note.
INSERT INTO files(version_id, role, path, sha256, size, content_type) VALUES
 (1, 'business_license', 'scans/../license.jpg',
  'dfb84f7d98917ea8d6a3069c826ee29a2779a4a0754dcf1b737af0cb3d4d134f', 20, 'image/jpeg');
INSERT INTO findings(version_id, code, severity, field, message, arg) VALUES
 (1, 'resident_id_check', 'info', 'handler.id_no', 'Resident ID check character is valid', '');
INSERT INTO checks(app_id, version_id, kind, state, ref, detail, created_at, updated_at) VALUES
 (1, 1, 'telecom_handler', 'match', 'TEL-1', '', 1795133000, 1795133100);
INSERT INTO notes(app_id, operator_id, body, created_at) VALUES
 (1, 2, '内部备注：已电话核实经办人', 1795137000);
