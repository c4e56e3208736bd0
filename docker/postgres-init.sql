-- One database per service, as in the local run; user-query-service's is in the postgres-read-model server.
CREATE DATABASE membership;
CREATE DATABASE orchestrator;
CREATE DATABASE notification;
