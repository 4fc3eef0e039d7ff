--liquibase formatted sql
--changeset carol:my dbms:mysql
ALTER TABLE orders ENGINE=InnoDB;
--changeset carol:pg dbms:postgresql
ALTER TABLE orders ADD COLUMN pg int;
