// Shared test helpers: temporary directories/catalogs and offer builders.
#pragma once

#include <filesystem>
#include <string>

#include "gpucat/offer.h"

namespace gpucat::testing {

// A fresh directory under the system temp dir, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// A valid listed draft (Sakura-VRT-like H100, ¥990/hour tax-included).
OfferDraft ListedDraft(const std::string& plan = "h100-plan", const std::string& amount = "990");
// A provenance for source "test.src".
Provenance TestProvenance(const std::string& source_id = "test.src");
// Normalize() that must succeed (FAILs the test otherwise).
Offer MustNormalize(const OfferDraft& draft, const Provenance& provenance = TestProvenance());

std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& content);

}  // namespace gpucat::testing
