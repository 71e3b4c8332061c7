// Catalog::ApplySync: one provider's sync as ONE transaction.
//
// Why this shape: a sync must be all-or-nothing (a crash mid-sync leaves the
// previous catalog), re-syncing identical input must write nothing per offer
// (fingerprints decide), and a price change must leave an append-only trace
// (price_history + offer_events) stamped with the catalog version it created.
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "gpucat/catalog.h"
#include "gpucat/json_text.h"
#include "gpucat/sha256.h"
#include "store/catalog_impl.h"
#include "store/sync_text.h"

namespace gpucat {

namespace {

using nlohmann::json;

std::optional<std::string> OptText(const std::optional<Decimal>& d) {
  return d ? std::optional<std::string>(d->ToString()) : std::nullopt;
}
std::optional<std::string> UnitText(const Offer& o) {
  return o.unit ? std::optional<std::string>(std::string(ToString(*o.unit))) : std::nullopt;
}
std::string Opt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : "-"; }

// The JSON texts (store/sync_text.h) are what nlohmann::json's dump() wrote
// for the same objects (compact, keys in sorted order, ensure_ascii off): they
// are stored (offer_events) and hashed (fingerprints), so they must not change
// by a byte; building them directly skips a std::map of json values per offer.

// A JSON string as nlohmann's dump() writes it (gpucat/json_text.h). Text
// that is not UTF-8 goes through nlohmann itself, whose strict error handler
// throws (type_error 316), as dump() always did here.
void AppendString(std::string& out, std::string_view s) {
  if (!AppendJsonString(out, s)) out += json(std::string(s)).dump();
}

void AppendJsonInt(std::string& out, const std::optional<int64_t>& v) {
  if (v) {
    out += std::to_string(*v);
  } else {
    out += "null";
  }
}

void AppendJsonText(std::string& out, const std::optional<std::string_view>& v) {
  if (v) {
    AppendString(out, *v);
  } else {
    out += "null";
  }
}

}  // namespace

std::string PriceJsonText(const PriceFields& p, std::optional<std::string_view> availability, bool relisted) {
  std::string out;
  out.reserve(256);
  out += "{\"amount\":";
  AppendJsonText(out, p.amount);
  if (availability) {
    out += ",\"availability\":";
    AppendString(out, *availability);
  }
  out += ",\"billing_rule\":";
  AppendString(out, p.billing_rule);
  out += ",\"gpu_hour_ex_minor\":";
  AppendJsonInt(out, p.gpu_hour_ex_minor);
  out += ",\"gpu_hour_inc_minor\":";
  AppendJsonInt(out, p.gpu_hour_inc_minor);
  out += ",\"gpus_per_unit\":";
  out += std::to_string(p.gpus_per_unit);
  out += ",\"min_billed_seconds\":";
  AppendJsonInt(out, p.min_billed_seconds);
  out += ",\"min_term_months\":";
  AppendJsonInt(out, p.min_term_months);
  out += ",\"per\":";
  AppendString(out, p.per);
  out += ",\"price_status\":";
  AppendString(out, p.price_status);
  if (relisted) out += ",\"relisted\":true";
  out += ",\"tax\":";
  AppendString(out, p.tax);
  out += ",\"unit\":";
  AppendJsonText(out, p.unit);
  out += '}';
  return out;
}

std::string PriceJsonText(const Offer& o, std::optional<std::string_view> availability, bool relisted) {
  PriceFields p;
  p.price_status = ToString(o.price_status);
  p.tax = ToString(o.tax);
  p.per = ToString(o.per);
  p.billing_rule = o.billing_rule;
  p.gpus_per_unit = o.gpus_per_unit;
  const std::string amount = o.amount ? o.amount->ToString() : std::string();
  if (o.amount) p.amount = amount;
  if (o.unit) p.unit = ToString(*o.unit);
  p.gpu_hour_ex_minor = o.gpu_hour_ex_minor;
  p.gpu_hour_inc_minor = o.gpu_hour_inc_minor;
  p.min_billed_seconds = o.min_billed_seconds;
  p.min_term_months = o.min_term_months;
  return PriceJsonText(p, availability, relisted);
}

// {"availability":"..."}
std::string AvailabilityJsonText(std::string_view availability) {
  std::string out = "{\"availability\":";
  AppendString(out, availability);
  out += '}';
  return out;
}

namespace {

// Every content field except provenance and times; `price_json` is
// PriceJsonText(o) (hashed into it, and on its own into the price fingerprint).
std::string Fingerprint(const Offer& o, const std::string& price_json) {
  std::string s;
  s.reserve(512 + o.notes.size() + o.display_name.size());
  for (const std::string* f :
       {&o.group_id, &o.provider, &o.product, &o.plan, &o.display_name, &o.zone, &o.site, &o.prefecture, &o.gpu_model,
        &o.gpu_name, &o.storage, &o.fabric, &o.availability_observed_at, &o.valid_from, &o.valid_to, &o.notes,
        &o.provenance.source_id}) {
    s += *f;
    s += '\x1f';
  }
  for (const auto* v : {&o.gpu_memory_gb, &o.vcpus, &o.ram_gb, &o.nvlink_domain_gpus, &o.fabric_gbps, &o.units_free,
                        &o.unit_hour_ex_minor, &o.unit_hour_inc_minor}) {
    s += Opt(*v);
    s += '\x1f';
  }
  s += ToString(o.availability);
  s += '\x1f';
  s += o.tax_assumed ? "1" : "0";
  s += '\x1f';
  s += price_json;
  return Sha256Hex(s);
}

// What the writer needs of an offer already in the catalog to decide what to
// write. Its price columns are read only when an event needs them (PriceBefore).
struct Existing {
  std::string fingerprint, price_fingerprint, availability, status, source_id, gpu_model, product;
};

class Writer {
 public:
  Writer(sqlite3* db, const std::string& now) : db_(db), now_(now) {}

  Status Prepare() {
    insert_ = sql::Stmt(
        db_,
        "INSERT INTO offers(offer_id,group_id,provider,product,plan,display_name,zone,site,prefecture,"
        "gpu_model,gpu_name,gpus_per_unit,gpu_memory_gb,vcpus,ram_gb,storage,nvlink_domain_gpus,"
        "fabric,fabric_gbps,price_status,amount,currency,tax,tax_assumed,unit,per,"
        "min_billed_seconds,min_term_months,unit_hour_ex_minor,unit_hour_inc_minor,"
        "gpu_hour_ex_minor,gpu_hour_inc_minor,availability,units_free,availability_observed_at,"
        "valid_from,valid_to,notes,source_id,fingerprint,price_fingerprint,status,first_seen,"
        "last_seen,withdrawn_at,billing_rule) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
        "?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27,?28,?29,?30,?31,?32,?33,?34,?35,?36,?37,"
        "?38,?39,?40,?41,'active',?42,?42,'',?43) "
        "ON CONFLICT(offer_id) DO UPDATE SET group_id=?2,provider=?3,product=?4,plan=?5,"
        "display_name=?6,zone=?7,site=?8,prefecture=?9,gpu_model=?10,gpu_name=?11,"
        "gpus_per_unit=?12,gpu_memory_gb=?13,vcpus=?14,ram_gb=?15,storage=?16,"
        "nvlink_domain_gpus=?17,fabric=?18,fabric_gbps=?19,price_status=?20,amount=?21,"
        "currency=?22,tax=?23,tax_assumed=?24,unit=?25,per=?26,min_billed_seconds=?27,"
        "min_term_months=?28,unit_hour_ex_minor=?29,unit_hour_inc_minor=?30,"
        "gpu_hour_ex_minor=?31,gpu_hour_inc_minor=?32,availability=?33,units_free=?34,"
        "availability_observed_at=?35,valid_from=?36,valid_to=?37,notes=?38,source_id=?39,"
        "fingerprint=?40,price_fingerprint=?41,status='active',last_seen=?42,withdrawn_at='',billing_rule=?43");
    history_ = sql::Stmt(db_,
                         "INSERT INTO price_history(offer_id,observed_at,event,price_status,amount,tax,unit,per,"
                         "unit_hour_ex_minor,unit_hour_inc_minor,gpu_hour_ex_minor,gpu_hour_inc_minor,source_id,"
                         "source_sha256,sync_run_id,catalog_version) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
    history_from_row_ = sql::Stmt(db_,
                                  "INSERT INTO price_history(offer_id,observed_at,event,price_status,amount,tax,"
                                  "unit,per,unit_hour_ex_minor,unit_hour_inc_minor,gpu_hour_ex_minor,"
                                  "gpu_hour_inc_minor,source_id,source_sha256,sync_run_id,catalog_version) "
                                  "SELECT offer_id,?2,'withdrawn',price_status,amount,tax,unit,per,"
                                  "unit_hour_ex_minor,unit_hour_inc_minor,gpu_hour_ex_minor,gpu_hour_inc_minor,"
                                  "o.source_id,s.sha256,?3,?4 FROM offers o JOIN sources s USING(source_id) "
                                  "WHERE offer_id=?1");
    event_ = sql::Stmt(db_,
                       "INSERT INTO offer_events(offer_id,provider,kind,at,catalog_version,before_json,after_json) "
                       "VALUES(?,?,?,?,?,?,?)");
    withdraw_ = sql::Stmt(db_, "UPDATE offers SET status='withdrawn', withdrawn_at=?2 WHERE offer_id=?1");
    // The same write as insert_'s update, for an active offer whose indexed
    // columns (provider, product, gpu_model, status, source_id and, through
    // the price fingerprint, gpu_hour_ex_minor) keep their values: it leaves
    // those columns, and so every secondary index, alone. Same parameters.
    update_ = sql::Stmt(db_,
                        "UPDATE offers SET group_id=?2,plan=?5,display_name=?6,zone=?7,site=?8,prefecture=?9,"
                        "gpu_name=?11,gpus_per_unit=?12,gpu_memory_gb=?13,vcpus=?14,ram_gb=?15,storage=?16,"
                        "nvlink_domain_gpus=?17,fabric=?18,fabric_gbps=?19,price_status=?20,amount=?21,"
                        "currency=?22,tax=?23,tax_assumed=?24,unit=?25,per=?26,min_billed_seconds=?27,"
                        "min_term_months=?28,unit_hour_ex_minor=?29,unit_hour_inc_minor=?30,"
                        "gpu_hour_inc_minor=?32,availability=?33,units_free=?34,availability_observed_at=?35,"
                        "valid_from=?36,valid_to=?37,notes=?38,fingerprint=?40,price_fingerprint=?41,last_seen=?42,"
                        "withdrawn_at='',billing_rule=?43 WHERE offer_id=?1");
    price_before_ = sql::Stmt(db_,
                              "SELECT price_status,amount,tax,unit,per,gpus_per_unit,gpu_hour_ex_minor,"
                              "gpu_hour_inc_minor,min_billed_seconds,min_term_months,billing_rule FROM offers "
                              "WHERE offer_id=?");
    for (const auto* s : {&insert_, &update_, &history_, &history_from_row_, &event_, &withdraw_, &price_before_}) {
      if (!s->ok()) return Status::Error("catalog_write_failed", s->error());
    }
    return Status::Ok();
  }

  Status Run(const SyncBatch& b, SyncSummary& sum) {
    if (auto st = Prepare(); !st.ok()) return st;
    sql::Stmt run(db_, "INSERT INTO sync_runs(provider,started_at,finished_at,status) VALUES(?,?,?,'failed')");
    run.Bind(1, b.provider).Bind(2, b.started_at).Bind(3, now_);
    if (auto st = run.Run(); !st.ok()) return st;
    run_id_ = sqlite3_last_insert_rowid(db_);
    sum.run_id = run_id_;

    sql::Stmt ver(db_, "SELECT CAST(value AS INTEGER) FROM catalog_meta WHERE key='catalog_version'");
    version_ = ver.Step() ? ver.Int(0) + 1 : 1;  // the version this sync creates, if it changes anything

    if (auto st = RecordSources(b); !st.ok()) return st;
    if (auto st = LoadExisting(b.provider); !st.ok()) return st;

    std::set<std::string> parsed;
    for (const auto& p : b.parsed_sources) parsed.insert(p.source_id);
    std::set<std::string> seen;
    for (const Offer& o : b.offers) {
      seen.insert(o.id);
      if (auto st = Upsert(o, sum); !st.ok()) return st;
    }
    for (const auto& [id, e] : existing_) {
      if (e.status != "active" || seen.count(id) || !parsed.count(e.source_id)) continue;
      if (auto st = Withdraw(id, b.provider, sum); !st.ok()) return st;
    }
    if (auto st = TouchSeen(b, parsed); !st.ok()) return st;
    if (auto st = RecordRejects(b); !st.ok()) return st;

    const bool changed = sum.new_offers + sum.changed + sum.withdrawn + availability_changes_ > 0;
    sql::Stmt cur(db_, "SELECT CAST(value AS INTEGER) FROM catalog_meta WHERE key='catalog_version'");
    sum.catalog_version = cur.Step() ? cur.Int(0) : 0;
    if (changed) {
      sql::Stmt up(db_, "UPDATE catalog_meta SET value=? WHERE key='catalog_version'");
      up.Bind(1, std::to_string(version_));
      if (auto st = up.Run(); !st.ok()) return st;
      sum.catalog_version = version_;
    }
    sum.offers = static_cast<int64_t>(b.offers.size());
    sum.rejected = static_cast<int64_t>(b.rejects.size());
    sum.dropped = b.dropped;
    sum.skipped = b.skipped;
    sum.provider = b.provider;
    const bool any_ok = !b.parsed_sources.empty() || !b.unchanged_sources.empty();
    sum.status = b.failed_sources.empty() ? "ok" : (any_ok ? "partial" : "failed");
    for (const auto& f : b.failed_sources) {
      sum.error += (sum.error.empty() ? "" : "; ") + f.source_id + ": " + f.error.ToString();
      sum.failures.push_back({f.source_id, f.error.code()});
    }
    sql::Stmt fin(db_,
                  "UPDATE sync_runs SET finished_at=?,status=?,offers=?,new_offers=?,changed=?,withdrawn=?,"
                  "rejected=?,dropped=?,skipped=?,error=? WHERE id=?");
    fin.Bind(1, now_).Bind(2, sum.status).Bind(3, sum.offers).Bind(4, sum.new_offers).Bind(5, sum.changed);
    fin.Bind(6, sum.withdrawn).Bind(7, sum.rejected).Bind(8, sum.dropped).Bind(9, sum.skipped);
    fin.Bind(10, sum.error).Bind(11, run_id_);
    return fin.Run();
  }

 private:
  Status RecordSources(const SyncBatch& b) {
    sql::Stmt ok(db_,
                 "INSERT INTO sources(source_id,provider,kind,url,file,fetched_at,as_of,sha256,adapter_version,"
                 "etag,last_modified,last_success_at) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12) "
                 "ON CONFLICT(source_id) DO UPDATE SET provider=?2,kind=?3,url=?4,file=?5,fetched_at=?6,"
                 "as_of=?7,sha256=?8,adapter_version=?9,etag=?10,last_modified=?11,last_success_at=?12");
    for (const auto& p : b.parsed_sources) {
      const auto v = b.validators.find(p.source_id);
      ok.Bind(1, p.source_id).Bind(2, b.provider).Bind(3, ToString(p.kind)).Bind(4, p.url).Bind(5, p.file);
      ok.Bind(6, p.fetched_at).Bind(7, p.as_of).Bind(8, p.sha256).Bind(9, p.adapter_version);
      ok.Bind(10, v == b.validators.end() ? "" : v->second.etag);
      ok.Bind(11, v == b.validators.end() ? "" : v->second.last_modified).Bind(12, now_);
      if (auto st = ok.Run(); !st.ok()) return st;
    }
    sql::Stmt same(db_, "UPDATE sources SET fetched_at=?2, last_success_at=?2 WHERE source_id=?1");
    for (const auto& id : b.unchanged_sources) {
      if (auto st = same.Bind(1, id).Bind(2, now_).Run(); !st.ok()) return st;
    }
    sql::Stmt failed(
        db_,
        "INSERT INTO sources(source_id,provider,kind,url,last_error_at,last_error) VALUES(?1,?2,?3,?4,?5,?6) "
        "ON CONFLICT(source_id) DO UPDATE SET last_error_at=?5,last_error=?6");
    for (const auto& f : b.failed_sources) {
      failed.Bind(1, f.source_id).Bind(2, b.provider).Bind(3, ToString(f.kind)).Bind(4, f.url).Bind(5, now_);
      if (auto st = failed.Bind(6, f.error.ToString()).Run(); !st.ok()) return st;
    }
    return Status::Ok();
  }

  Status LoadExisting(const std::string& provider) {
    sql::Stmt s(db_,
                "SELECT offer_id,fingerprint,price_fingerprint,availability,status,source_id,gpu_model,product "
                "FROM offers WHERE provider=?");
    s.Bind(1, provider);
    while (s.Step()) {
      existing_[s.Text(0)] = Existing{s.Text(1), s.Text(2), s.Text(3), s.Text(4), s.Text(5), s.Text(6), s.Text(7)};
    }
    if (s.last_rc() != SQLITE_DONE) return Status::Error(sql::CodeFor(s.last_rc(), "catalog_write_failed"), s.error());
    return Status::Ok();
  }

  // The stored price of offer `id` as PriceJsonText: the "before" side of an
  // event. Read before the offer's row is overwritten.
  Result<std::string> PriceBefore(const std::string& id) {
    auto& s = price_before_;
    s.Bind(1, id);
    if (!s.Step()) {
      const int rc = s.last_rc();
      s.Reset();
      return Status::Error(sql::CodeFor(rc, "catalog_write_failed"), "offer " + id + " vanished mid-sync");
    }
    const std::string price_status = s.Text(0), amount = s.Text(1), tax = s.Text(2), unit = s.Text(3), per = s.Text(4),
                      billing_rule = s.Text(10);
    PriceFields p;
    p.price_status = price_status;
    if (!s.IsNull(1)) p.amount = amount;
    p.tax = tax;
    if (!s.IsNull(3)) p.unit = unit;
    p.per = per;
    p.gpus_per_unit = s.Int(5);
    p.gpu_hour_ex_minor = s.OptInt(6);
    p.gpu_hour_inc_minor = s.OptInt(7);
    p.min_billed_seconds = s.OptInt(8);
    p.min_term_months = s.OptInt(9);
    p.billing_rule = billing_rule;
    std::string out = PriceJsonText(p, std::nullopt, false);
    s.Reset();
    return out;
  }

  Status Upsert(const Offer& o, SyncSummary& sum) {
    const std::string price_json = PriceJsonText(o, std::nullopt, false);
    const std::string fp = Fingerprint(o, price_json);
    const auto it = existing_.find(o.id);
    const bool is_new = it == existing_.end();
    const bool relisted = !is_new && it->second.status == "withdrawn";
    if (!is_new && !relisted && it->second.fingerprint == fp) return Status::Ok();  // unchanged: no write
    const std::string pfp = Sha256Hex(price_json);
    const bool price_changed = !is_new && !relisted && it->second.price_fingerprint != pfp;
    std::string before;
    if (price_changed) {
      auto b = PriceBefore(o.id);
      if (!b.ok()) return b.status();
      before = std::move(b).value();
    }

    const bool same_keys = !is_new && !relisted && !price_changed && it->second.gpu_model == o.gpu_model &&
                           it->second.product == o.product && it->second.source_id == o.provenance.source_id;
    auto& s = same_keys ? update_ : insert_;
    s.Bind(1, o.id).Bind(2, o.group_id).Bind(3, o.provider).Bind(4, o.product).Bind(5, o.plan);
    s.Bind(6, o.display_name).Bind(7, o.zone).Bind(8, o.site).Bind(9, o.prefecture).Bind(10, o.gpu_model);
    s.Bind(11, o.gpu_name).Bind(12, o.gpus_per_unit).Bind(13, o.gpu_memory_gb).Bind(14, o.vcpus);
    s.Bind(15, o.ram_gb).Bind(16, o.storage).Bind(17, o.nvlink_domain_gpus).Bind(18, o.fabric);
    s.Bind(19, o.fabric_gbps).Bind(20, ToString(o.price_status)).Bind(21, OptText(o.amount)).Bind(22, o.currency);
    s.Bind(23, ToString(o.tax)).Bind(24, int64_t{o.tax_assumed ? 1 : 0}).Bind(25, UnitText(o));
    s.Bind(26, ToString(o.per)).Bind(27, o.min_billed_seconds).Bind(28, o.min_term_months);
    s.Bind(29, o.unit_hour_ex_minor).Bind(30, o.unit_hour_inc_minor).Bind(31, o.gpu_hour_ex_minor);
    s.Bind(32, o.gpu_hour_inc_minor).Bind(33, ToString(o.availability)).Bind(34, o.units_free);
    s.Bind(35, o.availability_observed_at).Bind(36, o.valid_from).Bind(37, o.valid_to).Bind(38, o.notes);
    s.Bind(39, o.provenance.source_id).Bind(40, fp).Bind(41, pfp).Bind(42, now_).Bind(43, o.billing_rule);
    if (auto st = s.Run(); !st.ok()) return st;

    if (is_new || relisted) {
      ++sum.new_offers;
      if (auto st = History(o, relisted ? "relisted" : "new", sum); !st.ok()) return st;
      return Event(o.id, o.provider, "new", "{}", PriceJsonText(o, ToString(o.availability), relisted));
    }
    const Existing& e = it->second;
    if (price_changed) {
      ++sum.changed;
      if (auto st = History(o, "price_changed", sum); !st.ok()) return st;
      if (auto st = Event(o.id, o.provider, "price_changed", before, price_json); !st.ok()) return st;
    }
    if (e.availability != ToString(o.availability)) {
      ++availability_changes_;
      if (auto st = Event(o.id, o.provider, "availability_changed", AvailabilityJsonText(e.availability),
                          AvailabilityJsonText(ToString(o.availability)));
          !st.ok()) {
        return st;
      }
    }
    return Status::Ok();
  }

  Status History(const Offer& o, const char* event, SyncSummary& sum) {
    auto& h = history_;
    h.Bind(1, o.id).Bind(2, now_).Bind(3, event).Bind(4, ToString(o.price_status)).Bind(5, OptText(o.amount));
    h.Bind(6, ToString(o.tax)).Bind(7, UnitText(o)).Bind(8, ToString(o.per)).Bind(9, o.unit_hour_ex_minor);
    h.Bind(10, o.unit_hour_inc_minor).Bind(11, o.gpu_hour_ex_minor).Bind(12, o.gpu_hour_inc_minor);
    h.Bind(13, o.provenance.source_id).Bind(14, o.provenance.sha256).Bind(15, run_id_).Bind(16, version_);
    ++sum.history_rows;
    return h.Run();
  }

  Status Withdraw(const std::string& id, const std::string& provider, SyncSummary& sum) {
    ++sum.withdrawn;
    ++sum.history_rows;
    auto before = PriceBefore(id);
    if (!before.ok()) return before.status();
    history_from_row_.Bind(1, id).Bind(2, now_).Bind(3, run_id_).Bind(4, version_);
    if (auto st = history_from_row_.Run(); !st.ok()) return st;
    if (auto st = withdraw_.Bind(1, id).Bind(2, now_).Run(); !st.ok()) return st;
    return Event(id, provider, "withdrawn", before.value(), "{}");
  }

  Status Event(const std::string& id, const std::string& provider, const char* kind, const std::string& before,
               const std::string& after) {
    event_.Bind(1, id).Bind(2, provider).Bind(3, kind).Bind(4, now_).Bind(5, version_).Bind(6, before);
    return event_.Bind(7, after).Run();
  }

  // Offers of every source read now (parsed or 304) were seen now. Rows the
  // upserts above just wrote already say so: not written twice.
  Status TouchSeen(const SyncBatch& b, const std::set<std::string>& parsed) {
    sql::Stmt s(db_, "UPDATE offers SET last_seen=?2 WHERE source_id=?1 AND status='active' AND last_seen<>?2");
    std::set<std::string> all = parsed;
    all.insert(b.unchanged_sources.begin(), b.unchanged_sources.end());
    for (const auto& id : all) {
      if (auto st = s.Bind(1, id).Bind(2, now_).Run(); !st.ok()) return st;
    }
    return Status::Ok();
  }

  Status RecordRejects(const SyncBatch& b) {
    sql::Stmt s(db_,
                "INSERT INTO rejects(sync_run_id,at,provider,source_id,locator,reason_code,detail,record_text) "
                "VALUES(?,?,?,?,?,?,?,?)");
    for (const auto& r : b.rejects) {
      s.Bind(1, run_id_).Bind(2, now_).Bind(3, b.provider).Bind(4, r.source_id).Bind(5, r.locator);
      s.Bind(6, r.reason_code).Bind(7, r.detail).Bind(8, r.record_text);
      if (auto st = s.Run(); !st.ok()) return st;
    }
    return Status::Ok();
  }

  sqlite3* db_;
  std::string now_;
  int64_t run_id_ = 0;
  int64_t version_ = 0;
  int64_t availability_changes_ = 0;
  std::unordered_map<std::string, Existing> existing_;
  sql::Stmt insert_, update_, history_, history_from_row_, event_, withdraw_, price_before_;
};

}  // namespace

Result<SyncSummary> Catalog::ApplySync(const SyncBatch& batch, const std::string& now) {
  sqlite3* db = impl_->db;
  if (auto st = sql::Exec(db, "BEGIN IMMEDIATE"); !st.ok()) return st;
  SyncSummary summary;
  Writer writer(db, now);
  Status st = writer.Run(batch, summary);
  if (st.ok()) st = sql::Exec(db, "COMMIT");
  if (st.ok()) return summary;
  sql::Exec(db, "ROLLBACK");
  // Best effort: leave a trace of the failed run (it may fail too, e.g. disk full).
  sql::Stmt run(db, "INSERT INTO sync_runs(provider,started_at,finished_at,status,error) VALUES(?,?,?,'failed',?)");
  if (run.ok()) run.Bind(1, batch.provider).Bind(2, batch.started_at).Bind(3, now).Bind(4, st.ToString()).Run();
  return st;
}

}  // namespace gpucat
