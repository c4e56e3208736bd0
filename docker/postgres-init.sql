-- One database per service, as in the local run.
CREATE DATABASE membership;
CREATE DATABASE user_query;
CREATE DATABASE orchestrator;
CREATE DATABASE notification;
