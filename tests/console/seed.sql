-- seed.sql — console test fixture. "Now" in the tests is
-- 2026-11-20T10:00:00+08:00 = 1795140000 (a Friday).
-- Operators: alice, bob (auditors), sue, tom (supervisors); the admin is
-- made by `radesk init`.
INSERT INTO operators(login,display_name,role,created_at,updated_at) VALUES
 ('alice','Alice 李','auditor',1795000000,1795000000),
 ('bob','Bob 王','auditor',1795000000,1795000000),
 ('sue','Sue 苏','supervisor',1795000000,1795000000),
 ('tom','Tom 唐','supervisor',1795000000,1795000000);

-- The hand-made ones. org names of different widths, one hostile.
INSERT INTO applications(id,app_no,type,state,current_version,submitted_at,
 sla_due_at,org_name,org_id_no,cert_serial,handler_name,verify_summary,risk,
 created_at,updated_at) VALUES
 (1,'RA20261117-0001','replace','received',1,1794800000,1795132800,
  '北京示例科技有限公司','91110108MA01ABCD1X','3F2A0001','张三','T✓ P✓',2,
  1794800000,1794800000),
 (2,'RA20261118-0002','new','received',1,1794900000,1795150800,
  '深圳市前海微众银行股份有限公司华南区域数字证书业务办理中心','91440300MA5DC6QX9F',
  '','欧阳娜娜','T✓ P✓',0,1794900000,1794900000),
 (3,'RA20261119-0003','renew','received',1,1795000000,1795300000,
  'Evil' || char(27) || '[31mRED' || char(155) || '2J 公司',
  '91310000MA1FL0000Q','7B7B0003','Mallory','T… P✓',1,1795000000,1795000000),
 (4,'RA20261119-0004','replace','received',1,1795010000,1795310000,
  '上海浦东发展银行','9131000013221158XB','5C5C0004','李四','T✗ P✓',2,
  1795010000,1795010000),
 (5,'RA20261015-0005','replace','rejected',1,1791000000,1791200000,
  '北京示例科技有限公司','91110108MA01ABCD1X','3F2A0001','张三','',0,
  1791000000,1791300000);
UPDATE applications SET decided_at=1791300000, decided_by=1 WHERE id=5;

INSERT INTO app_versions(app_id,version,type,submitted_at,submitted_at_text,
 bundle_sha256,manifest_json,ingested_at,sla_due_at,cert_serial,cert_holder,
 cert_algorithm,cert_subject_cn,org_name,org_id_type,org_id_no,handler_name,
 handler_id_no,handler_mobile,handler_email,applicant_name,applicant_id_no,
 fin_account_name,fin_bank,fin_account_no,pay_method,pay_amount_fen)
SELECT a.id, 1, a.type, a.submitted_at, '2026-11-17T10:00:00+08:00',
 printf('%064d', a.id), '{}', a.submitted_at, a.sla_due_at, a.cert_serial,
 'org', 'SM2', a.org_name, a.org_name, 'uscc', a.org_id_no, a.handler_name,
 '11010519491231002X', '13800138000', 'zhang@example.cn', a.handler_name,
 '11010519491231002X', a.org_name, '中国工商银行', '6222020200112233445',
 'wechat', 10000
FROM applications a;

INSERT INTO files(version_id,role,path,sha256,size,content_type,width,height)
SELECT v.id, r.role, r.role || '.jpg', printf('%064d', v.id*10+r.n), 123456,
 'image/jpeg', 1600, 1200
FROM app_versions v, (SELECT 'application_form' role, 1 n UNION ALL
 SELECT 'business_license', 2 UNION ALL SELECT 'id_front', 3 UNION ALL
 SELECT 'id_back', 4) r WHERE v.app_id <= 5;

INSERT INTO findings(version_id,code,severity,field,message,arg) VALUES
 (1,'resident_id_check','error','handler.id_no',
  'resident ID check character does not match','11010519491231002X'),
 (1,'mobile_format','warning','handler.mobile','mobile number format','138'),
 (3,'renew_expired','risk','cert.not_after',
  'renewal of an expired certificate','2026-10-01'),
 (4,'account_name','warning','fin.account_name',
  'account name differs from organisation', '');

INSERT INTO checks(app_id,version_id,kind,state,detail,created_at,updated_at)
VALUES
 (1,1,'telecom_handler','match','',1794800100,1794800100),
 (2,2,'telecom_handler','match','',1794900100,1794900100),
 (3,3,'telecom_handler','pending','',1795000100,1795000100),
 (4,4,'telecom_handler','mismatch','name differs',1795010100,1795010100);

INSERT INTO payments(app_id,version_id,method,amount_fen,trade_no,state,
 created_at) SELECT id, id, 'wechat', 10000, 'WX' || id, 'online', 1794800000
 FROM applications WHERE id <= 5;

INSERT INTO decisions(app_id,version_id,operator_id,action,from_state,
 to_state,note,created_at) VALUES (5,5,1,'reject','in_review','rejected',
 '营业执照不清晰',1791300000);
INSERT INTO decision_reasons(decision_id,code) VALUES (1,'LICENSE_MISMATCH');

-- 300 filler applications for paging: due later than the ones above.
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 300)
INSERT INTO applications(id,app_no,type,state,current_version,submitted_at,
 sla_due_at,org_name,org_id_no,cert_serial,handler_name,verify_summary,risk,
 created_at,updated_at)
SELECT 100+i, printf('RA20261120-%04d', 1000+i),
 CASE i % 3 WHEN 0 THEN 'replace' WHEN 1 THEN 'renew' ELSE 'new' END,
 CASE WHEN i % 10 = 0 THEN 'completed' ELSE 'received' END, 1,
 1795100000+i, 1795600000+i*600, printf('测试单位%d有限公司', i),
 printf('9111000000000%05d', i), printf('S%06d', i), printf('用户%d', i),
 '', 0, 1795100000, 1795100000 FROM n;
UPDATE applications SET decided_at=1795100000+id WHERE state='completed';
INSERT INTO app_versions(app_id,version,type,submitted_at,submitted_at_text,
 bundle_sha256,manifest_json,ingested_at,sla_due_at,org_name,org_id_no,
 handler_name,pay_method,pay_amount_fen)
SELECT id, 1, type, submitted_at, '2026-11-20T09:00:00+08:00',
 printf('%064d', id), '{}', submitted_at, sla_due_at, org_name, org_id_no,
 handler_name, 'alipay', 30000 FROM applications WHERE id > 100;

-- Renewals carry their certificate's validity (bundles must have it; the
-- gate checks it at decision time, not at submission): valid until
-- 2027-03-01, except RA20261119-0003's, which ran out on 2026-11-19
-- 18:00, after it was submitted and before today's review.
UPDATE app_versions SET cert_not_after = 1803830400 WHERE type = 'renew';
UPDATE app_versions SET cert_not_after = 1795082400 WHERE app_id = 3;
