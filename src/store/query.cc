// Catalog reads. SQL text is assembled only from fixed fragments chosen by
// enums and booleans; every user-supplied value is a bound parameter.
#include <nlohmann/json.hpp>

#include "gpucat/catalog.h"
#include "store/catalog_impl.h"

namespace gpucat {

namespace {

std::optional<Decimal> ReadAmount(const sql::Stmt& s, int col) {
  if (s.IsNull(col)) return std::nullopt;
  auto d = ParseDecimal(s.Text(col));
  return d.ok() ? std::optional<Decimal>(d.value()) : std::nullopt;
}

// Cursor: base64url-free, opaque to clients but simple: "<sort>~<key>~<offer_id>"
// hex-encoded so that it contains only [0-9a-f].
std::string Hex(const std::string& s) {
  static constexpr char k[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out.push_back(k[c >> 4]);
    out.push_back(k[c & 0xF]);
  }
  return out;
}
std::optional<std::string> Unhex(const std::string& s) {
  if (s.size() % 2 != 0 || s.size() > 1024) return std::nullopt;
  auto v = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    const int hi = v(s[i]), lo = v(s[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

const char* SortName(OfferQuery::Sort s) {
  switch (s) {
    case OfferQuery::Sort::kPrice:
      return "price";
    case OfferQuery::Sort::kPriceDesc:
      return "-price";
    case OfferQuery::Sort::kGpus:
      return "gpus";
    case OfferQuery::Sort::kProvider:
      return "provider";
  }
  return "price";
}

}  // namespace

const char* const kOfferColumns =
    "o.offer_id,o.group_id,o.provider,o.product,o.plan,o.display_name,o.zone,o.site,o.prefecture,"
    "o.gpu_model,o.gpu_name,o.gpus_per_unit,o.gpu_memory_gb,o.vcpus,o.ram_gb,o.storage,o.nvlink_domain_gpus,"
    "o.fabric,o.fabric_gbps,o.price_status,o.amount,o.currency,o.tax,o.tax_assumed,o.unit,o.per,"
    "o.min_billed_seconds,o.min_term_months,o.unit_hour_ex_minor,o.unit_hour_inc_minor,o.gpu_hour_ex_minor,"
    "o.gpu_hour_inc_minor,o.availability,o.units_free,o.availability_observed_at,o.valid_from,o.valid_to,"
    "o.notes,o.source_id,s.kind,s.url,s.file,s.fetched_at,s.as_of,s.sha256,s.adapter_version,o.status,"
    "o.first_seen,o.last_seen,o.withdrawn_at,o.billing_rule";

StoredOffer ReadStoredOffer(const sql::Stmt& s, int64_t now_epoch, int64_t stale_after_seconds) {
  StoredOffer so;
  Offer& o = so.offer;
  int c = 0;
  o.id = s.Text(c++);
  o.group_id = s.Text(c++);
  o.provider = s.Text(c++);
  o.product = s.Text(c++);
  o.plan = s.Text(c++);
  o.display_name = s.Text(c++);
  o.zone = s.Text(c++);
  o.site = s.Text(c++);
  o.prefecture = s.Text(c++);
  o.gpu_model = s.Text(c++);
  o.gpu_name = s.Text(c++);
  o.gpus_per_unit = s.Int(c++);
  o.gpu_memory_gb = s.OptInt(c++);
  o.vcpus = s.OptInt(c++);
  o.ram_gb = s.OptInt(c++);
  o.storage = s.Text(c++);
  o.nvlink_domain_gpus = s.OptInt(c++);
  o.fabric = s.Text(c++);
  o.fabric_gbps = s.OptInt(c++);
  o.price_status = ParsePriceStatus(s.Text(c++)).value_or(PriceStatus::kQuote);
  o.amount = ReadAmount(s, c++);
  o.currency = s.Text(c++);
  o.tax = ParseTaxFlag(s.Text(c++)).value_or(TaxFlag::kUnknown);
  o.tax_assumed = s.Int(c++) != 0;
  o.unit = s.IsNull(c) ? std::nullopt : ParseTimeUnit(s.Text(c));
  ++c;
  o.per = ParsePricePer(s.Text(c++)).value_or(PricePer::kInstance);
  o.min_billed_seconds = s.OptInt(c++);
  o.min_term_months = s.OptInt(c++);
  o.unit_hour_ex_minor = s.OptInt(c++);
  o.unit_hour_inc_minor = s.OptInt(c++);
  o.gpu_hour_ex_minor = s.OptInt(c++);
  o.gpu_hour_inc_minor = s.OptInt(c++);
  o.availability = ParseAvailability(s.Text(c++)).value_or(Availability::kUnknown);
  o.units_free = s.OptInt(c++);
  o.availability_observed_at = s.Text(c++);
  o.valid_from = s.Text(c++);
  o.valid_to = s.Text(c++);
  o.notes = s.Text(c++);
  o.provenance.source_id = s.Text(c++);
  o.provenance.kind = ParseSourceKind(s.Text(c++)).value_or(SourceKind::kApi);
  o.provenance.url = s.Text(c++);
  o.provenance.file = s.Text(c++);
  o.provenance.fetched_at = s.Text(c++);
  o.provenance.as_of = s.Text(c++);
  o.provenance.sha256 = s.Text(c++);
  o.provenance.adapter_version = s.Text(c++);
  so.status = s.Text(c++);
  so.first_seen = s.Text(c++);
  so.last_seen = s.Text(c++);
  so.withdrawn_at = s.Text(c++);
  o.billing_rule = s.Text(c++);
  const auto seen = ParseTimestamp(so.last_seen);
  // Never negative: a reader's clock may be rounded down (the server rounds to
  // its age resolution) or a little behind the writer's.
  so.age_seconds = seen && now_epoch > *seen ? now_epoch - *seen : 0;
  so.stale = so.age_seconds > stale_after_seconds;
  return so;
}

Result<OfferPage> Catalog::QueryOffers(const OfferQuery& q, const std::string& now) {
  const bool inc = q.tax_basis == TaxFlag::kIncluded;
  const std::string price = inc ? "o.gpu_hour_inc_minor" : "o.gpu_hour_ex_minor";
  // The sort key as one SQL expression; quote offers (NULL price) sort last both ways.
  std::string key;
  bool desc = false;
  switch (q.sort) {
    case OfferQuery::Sort::kPrice:
      key = "COALESCE(" + price + ", 9223372036854775807)";
      break;
    case OfferQuery::Sort::kPriceDesc:
      key = "COALESCE(" + price + ", -1)";
      desc = true;
      break;
    case OfferQuery::Sort::kGpus:
      key = "o.gpus_per_unit";
      break;
    case OfferQuery::Sort::kProvider:
      key = "o.provider";
      break;
  }
  const bool text_key = q.sort == OfferQuery::Sort::kProvider;

  std::string where = "WHERE 1=1";
  std::vector<std::function<void(sql::Stmt&, int&)>> binds;
  auto add_text = [&](const std::string& clause, std::string v) {
    where += clause;
    binds.push_back([v](sql::Stmt& s, int& i) { s.Bind(i++, v); });
  };
  auto add_int = [&](const std::string& clause, int64_t v) {
    where += clause;
    binds.push_back([v](sql::Stmt& s, int& i) { s.Bind(i++, v); });
  };
  if (!q.include_withdrawn) where += " AND o.status = 'active'";
  if (q.gpu_model) add_text(" AND o.gpu_model = ?", *q.gpu_model);
  if (!q.providers.empty()) {
    where += " AND o.provider IN (";
    for (size_t i = 0; i < q.providers.size(); ++i) {
      where += i ? ",?" : "?";
      binds.push_back([v = q.providers[i]](sql::Stmt& s, int& n) { s.Bind(n++, v); });
    }
    where += ")";
  }
  if (q.product) add_text(" AND o.product = ?", *q.product);
  if (q.location) {
    where += " AND (o.zone = ? OR o.site = ? OR o.prefecture = ?)";
    for (int k = 0; k < 3; ++k) binds.push_back([v = *q.location](sql::Stmt& s, int& n) { s.Bind(n++, v); });
  }
  if (q.min_gpus) add_int(" AND o.gpus_per_unit >= ?", *q.min_gpus);
  if (q.max_gpus) add_int(" AND o.gpus_per_unit <= ?", *q.max_gpus);
  if (q.min_gpu_memory_gb) {
    // The provider's stated memory, else the model's nameplate memory.
    add_int(" AND COALESCE(o.gpu_memory_gb, (SELECT memory_gb FROM gpu_models g WHERE g.gpu_model = o.gpu_model)) >= ?",
            *q.min_gpu_memory_gb);
  }
  if (q.max_gpu_hour_minor) add_int(" AND " + price + " <= ?", *q.max_gpu_hour_minor);
  if (q.billing) add_text(" AND o.unit = ?", std::string(ToString(*q.billing)));
  if (!q.availability.empty()) {
    where += " AND o.availability IN (";
    for (size_t i = 0; i < q.availability.size(); ++i) {
      where += i ? ",?" : "?";
      binds.push_back([v = std::string(ToString(q.availability[i]))](sql::Stmt& s, int& n) { s.Bind(n++, v); });
    }
    where += ")";
  }
  if (!q.include_quote) where += " AND o.price_status = 'listed'";
  if (!q.include_stale) add_text(" AND o.last_seen >= ?", impl_->StaleCutoff(now));

  if (!q.cursor.empty()) {
    const auto raw = Unhex(q.cursor);
    const auto p1 = raw ? raw->find('~') : std::string::npos;
    const auto p2 = raw && p1 != std::string::npos ? raw->find('~', p1 + 1) : std::string::npos;
    if (p2 == std::string::npos || raw->substr(0, p1) != SortName(q.sort)) {
      return Status::Error("invalid_cursor", "cursor is malformed or belongs to another sort order");
    }
    const std::string ckey = raw->substr(p1 + 1, p2 - p1 - 1);
    const std::string cid = raw->substr(p2 + 1);
    // After the cursor's (key, offer_id). Ascending: as a row value, which
    // SQLite turns into a seek on the index that orders the query (the OR form
    // below, equal in meaning, makes every page scan from the start).
    const int key_binds = desc ? 2 : 1;
    if (desc) {
      where += " AND (" + key + " < ? OR (" + key + " = ? AND o.offer_id > ?))";
    } else {
      where += " AND (" + key + ", o.offer_id) > (?, ?)";
    }
    if (text_key) {
      for (int k = 0; k < key_binds; ++k) binds.push_back([ckey](sql::Stmt& s, int& n) { s.Bind(n++, ckey); });
    } else {
      int64_t v = 0;
      try {
        v = std::stoll(ckey);
      } catch (...) {
        return Status::Error("invalid_cursor", "cursor is malformed");
      }
      for (int k = 0; k < key_binds; ++k) binds.push_back([v](sql::Stmt& s, int& n) { s.Bind(n++, v); });
    }
    binds.push_back([cid](sql::Stmt& s, int& n) { s.Bind(n++, cid); });
  }
  const int64_t limit = q.limit < 1 ? 1 : q.limit;
  const std::string text = std::string("SELECT ") + kOfferColumns + ", " + key +
                           " FROM offers o JOIN sources s ON s.source_id = o.source_id " + where + " ORDER BY " + key +
                           (desc ? " DESC" : " ASC") + ", o.offer_id ASC LIMIT " + std::to_string(limit + 1);

  OfferPage page;
  const auto now_epoch = ParseTimestamp(now).value_or(0);
  Status st = ReadSnapshot([&]() -> Status {
    page.catalog_version = impl_->ReadCatalogVersion();
    sql::Stmt s(impl_->db, text);
    if (!s.ok()) return Status::Error("catalog_read_failed", s.error());
    int n = 1;
    for (auto& b : binds) b(s, n);
    std::string last_key;
    while (s.Step()) {
      if (static_cast<int64_t>(page.offers.size()) == limit) {
        const auto& last = page.offers.back().offer;
        page.next_cursor = Hex(std::string(SortName(q.sort)) + "~" + last_key + "~" + last.id);
        break;
      }
      page.offers.push_back(ReadStoredOffer(s, now_epoch, impl_->options.stale_after_seconds));
      last_key = s.Text(s.ColumnCount() - 1);  // the sort key, selected last
    }
    if (s.last_rc() != SQLITE_ROW && s.last_rc() != SQLITE_DONE) {
      return Status::Error(sql::CodeFor(s.last_rc(), "catalog_read_failed"), s.error());
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return page;
}

Result<std::vector<OfferGroup>> Catalog::CheapestPerGroup(const std::string& gpu_model, TaxFlag tax_basis,
                                                          bool include_stale, const std::string& now) {
  // The same choice as gpucat/compare.h's CompareToJson makes from every
  // offer: the lowest (price on the basis, offer id) among priced offers, else
  // the lowest id among the rest. COALESCE(gpu_hour_ex_minor, ...) and the
  // group's columns are what offers_by_gpu_group holds, in that order.
  const std::string price = tax_basis == TaxFlag::kIncluded ? "o.gpu_hour_inc_minor" : "o.gpu_hour_ex_minor";
  const std::string stale = include_stale ? "" : " AND o.last_seen >= ?4";
  const std::string group =
      " FROM offers o JOIN sources s ON s.source_id = o.source_id WHERE o.gpu_model = ?1 AND "
      "o.status = 'active' AND o.provider = ?2 AND o.product = ?3" +
      stale;
  const std::string cutoff = impl_->StaleCutoff(now);
  const auto now_epoch = ParseTimestamp(now).value_or(0);
  std::vector<OfferGroup> out;
  Status st = ReadSnapshot([&]() -> Status {
    sql::Stmt groups(impl_->db,
                     "SELECT o.provider, o.product, COUNT(*) FROM offers o WHERE o.gpu_model = ?1 AND "
                     "o.status = 'active'" +
                         std::string(include_stale ? "" : " AND o.last_seen >= ?2") +
                         " GROUP BY o.provider, o.product ORDER BY o.provider, o.product");
    sql::Stmt priced(impl_->db, std::string("SELECT ") + kOfferColumns + group + " AND o.price_status = 'listed' AND " +
                                    price + " IS NOT NULL ORDER BY COALESCE(" + price +
                                    ", 9223372036854775807), o.offer_id LIMIT 1");
    sql::Stmt quoted(impl_->db, std::string("SELECT ") + kOfferColumns + group +
                                    " ORDER BY o.offer_id LIMIT 1");  // only asked when nothing is priced
    for (const sql::Stmt* s : {&groups, &priced, &quoted}) {
      if (!s->ok()) return Status::Error("catalog_read_failed", s->error());
    }
    groups.Bind(1, gpu_model);
    if (!include_stale) groups.Bind(2, cutoff);
    while (groups.Step()) {
      OfferGroup g;
      g.provider = groups.Text(0);
      g.product = groups.Text(1);
      g.offers = groups.Int(2);
      bool found = false;
      for (sql::Stmt* s : {&priced, &quoted}) {
        s->Bind(1, gpu_model).Bind(2, g.provider).Bind(3, g.product);
        if (!include_stale) s->Bind(4, cutoff);
        if (s->Step()) {
          g.best = ReadStoredOffer(*s, now_epoch, impl_->options.stale_after_seconds);
          found = true;
        }
        const int rc = s->last_rc();
        s->Reset();
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
          return Status::Error(sql::CodeFor(rc, "catalog_read_failed"), s->error());
        if (found) break;
      }
      if (!found)
        return Status::Error("catalog_read_failed", "group " + g.provider + "/" + g.product + " has no offer");
      out.push_back(std::move(g));
    }
    if (groups.last_rc() != SQLITE_DONE) {
      return Status::Error(sql::CodeFor(groups.last_rc(), "catalog_read_failed"), groups.error());
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<StoredOffer> Catalog::GetOffer(const std::string& id, const std::string& now) {
  sql::Stmt s(impl_->db, std::string("SELECT ") + kOfferColumns +
                             " FROM offers o JOIN sources s ON s.source_id = o.source_id WHERE o.offer_id = ?");
  if (!s.ok()) return Status::Error("catalog_read_failed", s.error());
  s.Bind(1, id);
  if (!s.Step()) return Status::Error("offer_not_found", "no offer with id " + id);
  return ReadStoredOffer(s, ParseTimestamp(now).value_or(0), impl_->options.stale_after_seconds);
}

Result<std::vector<HistoryEntry>> Catalog::OfferHistory(const std::string& id, int64_t limit) {
  std::vector<HistoryEntry> out;
  Status st = ReadSnapshot([&]() -> Status {
    sql::Stmt exists(impl_->db, "SELECT 1 FROM offers WHERE offer_id = ?");
    exists.Bind(1, id);
    if (!exists.Step()) return Status::Error("offer_not_found", "no offer with id " + id);
    sql::Stmt s(impl_->db,
                "SELECT h.id,h.offer_id,h.observed_at,h.event,h.price_status,h.amount,h.tax,h.unit,h.per,"
                "h.unit_hour_ex_minor,h.unit_hour_inc_minor,h.gpu_hour_ex_minor,h.gpu_hour_inc_minor,"
                "h.source_sha256,h.catalog_version FROM price_history h WHERE h.offer_id = ? "
                "ORDER BY h.id DESC LIMIT ?");
    s.Bind(1, id).Bind(2, limit);
    while (s.Step()) {
      HistoryEntry h;
      h.id = s.Int(0);
      h.offer_id = s.Text(1);
      h.observed_at = s.Text(2);
      h.event = s.Text(3);
      h.price_status = s.Text(4);
      h.amount = ReadAmount(s, 5);
      h.tax = s.Text(6);
      h.unit = s.Text(7);
      h.per = s.Text(8);
      h.unit_hour_ex_minor = s.OptInt(9);
      h.unit_hour_inc_minor = s.OptInt(10);
      h.gpu_hour_ex_minor = s.OptInt(11);
      h.gpu_hour_inc_minor = s.OptInt(12);
      h.source_sha256 = s.Text(13);
      h.catalog_version = s.Int(14);
      out.push_back(std::move(h));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<ChangeEvent>> Catalog::Changes(int64_t since, int64_t limit) {
  sql::Stmt s(impl_->db,
              "SELECT seq,offer_id,kind,at,catalog_version,provider,before_json,after_json FROM offer_events "
              "WHERE seq > ? ORDER BY seq LIMIT ?");
  if (!s.ok()) return Status::Error("catalog_read_failed", s.error());
  s.Bind(1, since).Bind(2, limit);
  std::vector<ChangeEvent> out;
  while (s.Step()) {
    out.push_back(ChangeEvent{s.Int(0), s.Text(1), s.Text(2), s.Text(3), s.Int(4), s.Text(5), s.Text(6), s.Text(7)});
  }
  return out;
}

namespace {
SyncRun ReadRun(const sql::Stmt& s) {
  SyncRun r;
  r.id = s.Int(0);
  r.provider = s.Text(1);
  r.started_at = s.Text(2);
  r.finished_at = s.Text(3);
  r.status = s.Text(4);
  r.error = s.Text(5);
  r.offers = s.Int(6);
  r.new_offers = s.Int(7);
  r.changed = s.Int(8);
  r.withdrawn = s.Int(9);
  r.rejected = s.Int(10);
  r.dropped = s.Int(11);
  r.skipped = s.Int(12);
  return r;
}
constexpr const char* kRunColumns =
    "id,provider,started_at,finished_at,status,error,offers,new_offers,changed,withdrawn,rejected,dropped,skipped";
}  // namespace

Result<std::vector<SyncRun>> Catalog::SyncRuns(const std::string& provider, int64_t limit) {
  sql::Stmt s(impl_->db, std::string("SELECT ") + kRunColumns +
                             " FROM sync_runs WHERE (?1 = '' OR provider = ?1) ORDER BY id DESC LIMIT ?2");
  s.Bind(1, provider).Bind(2, limit);
  std::vector<SyncRun> out;
  while (s.Step()) out.push_back(ReadRun(s));
  return out;
}

Result<std::vector<ProviderStatus>> Catalog::Providers(const std::string& now) {
  std::vector<ProviderStatus> out;
  const auto now_epoch = ParseTimestamp(now).value_or(0);
  const std::string cutoff = impl_->StaleCutoff(now);
  Status st = ReadSnapshot([&]() -> Status {
    sql::Stmt names(impl_->db, "SELECT provider FROM sync_runs UNION SELECT provider FROM offers ORDER BY provider");
    sql::Stmt counts(impl_->db,
                     "SELECT SUM(status='active'), SUM(status='active' AND price_status='listed'), "
                     "SUM(status='active' AND price_status='quote'), SUM(status='active' AND last_seen < ?2), "
                     "SUM(status='withdrawn') FROM offers WHERE provider = ?1");
    sql::Stmt last(impl_->db, std::string("SELECT ") + kRunColumns +
                                  " FROM sync_runs WHERE provider = ? ORDER BY id DESC LIMIT 1");
    sql::Stmt success(impl_->db,
                      "SELECT MAX(last_success_at) FROM sources WHERE provider = ? AND last_success_at <> ''");
    while (names.Step()) {
      ProviderStatus p;
      p.provider = names.Text(0);
      counts.Bind(1, p.provider).Bind(2, cutoff);
      if (counts.Step()) {
        p.active_offers = counts.Int(0);
        p.listed_offers = counts.Int(1);
        p.quote_offers = counts.Int(2);
        p.stale_offers = counts.Int(3);
        p.withdrawn_offers = counts.Int(4);
      }
      counts.Reset();
      last.Bind(1, p.provider);
      if (last.Step()) p.last_run = ReadRun(last);
      last.Reset();
      success.Bind(1, p.provider);
      if (success.Step()) p.last_success_at = success.Text(0);
      success.Reset();
      if (const auto t = ParseTimestamp(p.last_success_at)) {
        p.age_seconds = now_epoch > *t ? now_epoch - *t : 0;  // never negative (see ReadStoredOffer)
        p.stale = *p.age_seconds > impl_->options.stale_after_seconds;
      } else {
        p.stale = true;  // never synced successfully
      }
      out.push_back(std::move(p));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<StoredReject>> Catalog::Rejects(const std::string& provider, int64_t limit) {
  sql::Stmt s(impl_->db,
              "SELECT id,sync_run_id,at,provider,source_id,locator,reason_code,detail,record_text FROM rejects "
              "WHERE (?1 = '' OR provider = ?1) ORDER BY id DESC LIMIT ?2");
  s.Bind(1, provider).Bind(2, limit);
  std::vector<StoredReject> out;
  while (s.Step()) {
    out.push_back(StoredReject{s.Int(0), s.Int(1), s.Text(2),
                               Reject{s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7), s.Text(8)}});
  }
  return out;
}

namespace {
constexpr const char* kSourceColumns =
    "source_id,provider,kind,url,file,fetched_at,as_of,sha256,adapter_version,etag,last_modified,"
    "last_success_at,last_error_at,last_error";
SourceState ReadSource(const sql::Stmt& s) {
  return SourceState{s.Text(0), s.Text(1), s.Text(2), s.Text(3),  s.Text(4),  s.Text(5),  s.Text(6),
                     s.Text(7), s.Text(8), s.Text(9), s.Text(10), s.Text(11), s.Text(12), s.Text(13)};
}
}  // namespace

Result<std::optional<SourceState>> Catalog::GetSource(const std::string& source_id) {
  sql::Stmt s(impl_->db, std::string("SELECT ") + kSourceColumns + " FROM sources WHERE source_id = ?");
  s.Bind(1, source_id);
  if (s.Step()) return std::optional<SourceState>(ReadSource(s));
  return std::optional<SourceState>();
}

Result<std::vector<SourceState>> Catalog::Sources() {
  sql::Stmt s(impl_->db, std::string("SELECT ") + kSourceColumns + " FROM sources ORDER BY source_id");
  std::vector<SourceState> out;
  while (s.Step()) out.push_back(ReadSource(s));
  return out;
}

}  // namespace gpucat
