-- Trigram indexes back the admin's substring search on customer emails
-- (custom migration: drizzle-kit does not manage extensions).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
