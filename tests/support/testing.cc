#include "support/testing.h"

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

#include "gpucat/normalize.h"

namespace gpucat::testing {

TempDir::TempDir() {
  std::random_device rd;
  path_ = std::filesystem::temp_directory_path() / ("gpucat-test-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(path_);
}
TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

OfferDraft ListedDraft(const std::string& plan, const std::string& amount) {
  OfferDraft d;
  d.provider = "testprov";
  d.product = "test-vrt";
  d.plan = plan;
  d.display_name = "Test " + plan;
  d.zone = "is1a";
  d.site = "石狩第1";
  d.prefecture = "北海道";
  d.gpu_name = "NVIDIA H100";
  d.gpus_per_unit = 1;
  d.gpu_memory_gb = 80;
  d.vcpus = 24;
  d.ram_gb = 240;
  d.price_status = "listed";
  d.amount = amount;
  d.currency = "JPY";
  d.tax = "included";
  d.unit = "hour";
  d.per = "instance";
  d.availability = "available";
  d.record_text = "{\"plan\":\"" + plan + "\"}";
  return d;
}

Provenance TestProvenance(const std::string& source_id) {
  Provenance p;
  p.kind = SourceKind::kApi;
  p.source_id = source_id;
  p.url = "https://example.invalid/" + source_id;
  p.fetched_at = "2026-11-22T00:00:00Z";
  p.as_of = "2026-11-22";
  p.sha256 = std::string(64, 'a');
  p.adapter_version = "test/1";
  return p;
}

Offer MustNormalize(const OfferDraft& draft, const Provenance& provenance) {
  auto r = Normalize(draft, provenance);
  if (auto* rej = std::get_if<Reject>(&r)) {
    throw std::runtime_error("expected an offer, got reject " + rej->reason_code + ": " + rej->detail);
  }
  return std::get<Offer>(r);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
}

}  // namespace gpucat::testing
