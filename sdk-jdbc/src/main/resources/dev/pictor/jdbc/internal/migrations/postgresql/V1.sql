-- records and their tags, with an index for every query the core makes
CREATE TABLE ${prefix}records (
  id                  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
  kind                TEXT NOT NULL,
  parent_id           TEXT COLLATE "C",
  status              TEXT NOT NULL,
  action              TEXT,
  model               TEXT,
  provider            TEXT,
  external_id         TEXT,
  owner               TEXT,
  created_at_ns       BIGINT NOT NULL,
  updated_at_ns       BIGINT NOT NULL,
  version             BIGINT NOT NULL,
  lease_owner         TEXT,
  lease_expires_at_ns BIGINT,
  payload_version     INTEGER NOT NULL,
  payload             TEXT NOT NULL
);
CREATE TABLE ${prefix}record_tags (
  record_id TEXT COLLATE "C" NOT NULL REFERENCES ${prefix}records (id) ON DELETE CASCADE,
  tag       TEXT NOT NULL,
  PRIMARY KEY (record_id, tag)
);
-- resume, batches and job lists by status: kind, status, then the page order
CREATE INDEX ${prefix}records_kind_status ON ${prefix}records (kind, status, created_at_ns DESC, id DESC);
-- job lists and statistics over a time range
CREATE INDEX ${prefix}records_kind_created ON ${prefix}records (kind, created_at_ns DESC, id DESC);
-- a batch's or workflow's items
CREATE INDEX ${prefix}records_parent ON ${prefix}records (parent_id, created_at_ns DESC, id DESC) WHERE parent_id IS NOT NULL;
-- webhooks find a job by the provider's id
CREATE INDEX ${prefix}records_external ON ${prefix}records (external_id) WHERE external_id IS NOT NULL;
CREATE INDEX ${prefix}records_owner ON ${prefix}records (owner, created_at_ns DESC, id DESC) WHERE owner IS NOT NULL;
CREATE INDEX ${prefix}records_model ON ${prefix}records (model, created_at_ns DESC, id DESC);
-- renewing an owner's leases; finished records hold none
CREATE INDEX ${prefix}records_lease ON ${prefix}records (lease_owner) WHERE lease_owner IS NOT NULL;
CREATE INDEX ${prefix}record_tags_tag ON ${prefix}record_tags (tag, record_id);
