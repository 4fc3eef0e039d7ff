CREATE OR REPLACE VIEW v_accounts AS SELECT id FROM accounts;
