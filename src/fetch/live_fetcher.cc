// The live fetcher: HTTPS for sources that have a live document, snapshots for
// those that only ever exist as a bundled sheet.
#include "gpucat/fetch.h"

namespace gpucat {

namespace {

class LiveFetcher : public Fetcher {
 public:
  LiveFetcher(std::unique_ptr<Fetcher> snapshots, std::unique_ptr<Fetcher> https)
      : snapshots_(std::move(snapshots)), https_(std::move(https)) {}

  Result<FetchOutcome> Fetch(const std::string& provider, const SourceSpec& source,
                             const ConditionalState& previous) override {
    const auto it = source.params.find("fetch");
    const bool snapshot_only = it != source.params.end() && it->second == "snapshot";
    return (snapshot_only ? snapshots_ : https_)->Fetch(provider, source, previous);
  }

 private:
  std::unique_ptr<Fetcher> snapshots_;
  std::unique_ptr<Fetcher> https_;
};

}  // namespace

std::unique_ptr<Fetcher> MakeLiveFetcher(const std::string& snapshot_root, const HttpsOptions& options) {
  return std::make_unique<LiveFetcher>(MakeSnapshotFetcher(snapshot_root), MakeHttpsFetcher(options));
}

}  // namespace gpucat
