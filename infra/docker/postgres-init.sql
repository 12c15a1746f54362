-- The native infra creates the same second database for the test suites.
CREATE DATABASE my_service_test;
