-- The native infra creates the same second database for the test suites.
CREATE DATABASE my_service_test;
-- Unleash (feature flags) keeps its data in a database of its own, as with infra/local/unleash.sh.
CREATE DATABASE unleash;
