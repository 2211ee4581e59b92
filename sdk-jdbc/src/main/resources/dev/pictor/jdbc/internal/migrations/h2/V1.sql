-- records and their tags, with an index for every query the core makes
CREATE TABLE IF NOT EXISTS ${prefix}records (
  id                  VARCHAR NOT NULL PRIMARY KEY,
  kind                VARCHAR NOT NULL,
  parent_id           VARCHAR,
  status              VARCHAR NOT NULL,
  action              VARCHAR,
  model               VARCHAR,
  provider            VARCHAR,
  external_id         VARCHAR,
  owner               VARCHAR,
  created_at_ns       BIGINT NOT NULL,
  updated_at_ns       BIGINT NOT NULL,
  version             BIGINT NOT NULL,
  lease_owner         VARCHAR,
  lease_expires_at_ns BIGINT,
  payload_version     INTEGER NOT NULL,
  payload             CHARACTER LARGE OBJECT NOT NULL
);
CREATE TABLE IF NOT EXISTS ${prefix}record_tags (
  record_id VARCHAR NOT NULL REFERENCES ${prefix}records (id) ON DELETE CASCADE,
  tag       VARCHAR NOT NULL,
  PRIMARY KEY (record_id, tag)
);
-- the same indexes as PostgreSQL's, without the partial ones H2 does not have
CREATE INDEX IF NOT EXISTS ${prefix}records_kind_status ON ${prefix}records (kind, status, created_at_ns DESC, id DESC);
CREATE INDEX IF NOT EXISTS ${prefix}records_kind_created ON ${prefix}records (kind, created_at_ns DESC, id DESC);
CREATE INDEX IF NOT EXISTS ${prefix}records_parent ON ${prefix}records (parent_id, created_at_ns DESC, id DESC);
CREATE INDEX IF NOT EXISTS ${prefix}records_external ON ${prefix}records (external_id);
CREATE INDEX IF NOT EXISTS ${prefix}records_owner ON ${prefix}records (owner, created_at_ns DESC, id DESC);
CREATE INDEX IF NOT EXISTS ${prefix}records_model ON ${prefix}records (model, created_at_ns DESC, id DESC);
CREATE INDEX IF NOT EXISTS ${prefix}records_lease ON ${prefix}records (lease_owner);
CREATE INDEX IF NOT EXISTS ${prefix}record_tags_tag ON ${prefix}record_tags (tag, record_id);
