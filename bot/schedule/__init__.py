"""Scheduled digests: schedules (spec, cron, periods), composition (digest, filters),
subscription records and the scheduler that claims and posts due periods (POLICY.md)."""
