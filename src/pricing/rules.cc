// Rule matching, the rule set's lookups and the reloadable holder.
#include <string>

#include "gpucat/pricing.h"

namespace gpucat {

std::string_view ToString(RoundingMode m) {
  switch (m) {
    case RoundingMode::kUp:
      return "up";
    case RoundingMode::kDown:
      return "down";
    case RoundingMode::kNearest:
      return "nearest";
  }
  return "nearest";
}

std::string_view ToString(SellStatus s) {
  switch (s) {
    case SellStatus::kPriced:
      return "priced";
    case SellStatus::kQuote:
      return "quote";
    case SellStatus::kUnpriced:
      return "unpriced";
  }
  return "unpriced";
}

int PricingRule::Specificity() const {
  return static_cast<int>(provider.has_value()) + static_cast<int>(product.has_value()) +
         static_cast<int>(gpu_model.has_value()) + static_cast<int>(unit.has_value());
}

bool PricingRule::Matches(const Offer& offer) const {
  // A rule naming a unit never matches an offer whose unit is unknown (a quote
  // with no stated billing period): only wildcard-unit rules cover those.
  return (!provider || *provider == offer.provider) && (!product || *product == offer.product) &&
         (!gpu_model || *gpu_model == offer.gpu_model) && (!unit || unit == offer.unit);
}

std::string PricingRule::Label() const { return "/rules/" + std::to_string(index) + " (id \"" + id + "\")"; }

const PricingRule* PricingRules::Match(const Offer& offer) const {
  // Linear scan: rule files hold tens of rules. The loader guarantees that no
  // two matching rules share the best specificity, so the first best is the only one.
  const PricingRule* best = nullptr;
  for (const auto& rule : rules_) {
    if (rule.Matches(offer) && (!best || rule.Specificity() > best->Specificity())) best = &rule;
  }
  return best;
}

std::shared_ptr<const PricingRules> PricingRulesHolder::Get() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rules_;
}

void PricingRulesHolder::Set(std::shared_ptr<const PricingRules> rules) {
  std::lock_guard<std::mutex> lock(mu_);
  rules_ = std::move(rules);
}

Status PricingRulesHolder::Reload(const std::string& path) {
  // Load outside the lock: readers never wait for file I/O.
  auto loaded = LoadPricingRules(path);
  if (!loaded.ok()) return loaded.status();
  Set(std::make_shared<const PricingRules>(std::move(loaded).value()));
  return Status::Ok();
}

}  // namespace gpucat
