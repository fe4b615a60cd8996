-- Run once by the postgres image on an empty data directory (compose mounts this folder on
-- /docker-entrypoint-initdb.d). One database and one login per service; laptop-only passwords.
-- PostgreSQL 15 gives the database owner the public schema, so each login can create its own tables.
CREATE USER recognition PASSWORD 'recognition';
CREATE DATABASE recognition OWNER recognition;
REVOKE CONNECT ON DATABASE recognition FROM PUBLIC;

CREATE USER recruitment PASSWORD 'recruitment';
CREATE DATABASE recruitment OWNER recruitment;
REVOKE CONNECT ON DATABASE recruitment FROM PUBLIC;

CREATE USER integration PASSWORD 'integration';
CREATE DATABASE integration OWNER integration;
REVOKE CONNECT ON DATABASE integration FROM PUBLIC;

CREATE USER reintegration PASSWORD 'reintegration';
CREATE DATABASE reintegration OWNER reintegration;
REVOKE CONNECT ON DATABASE reintegration FROM PUBLIC;

CREATE USER insights PASSWORD 'insights';
CREATE DATABASE insights OWNER insights;
REVOKE CONNECT ON DATABASE insights FROM PUBLIC;
