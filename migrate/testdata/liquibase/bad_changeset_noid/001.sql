--liquibase formatted sql
--changeset author
SELECT 1;
