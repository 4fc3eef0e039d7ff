--liquibase formatted sql
--changeset:1
SELECT 1;
