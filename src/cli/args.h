// A small, strict command-line parser: "--name value", "--name=value" and
// boolean "--flag"; anything unknown is an error (exit 2, one line).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gpucat/status.h"

namespace gpucat::cli {

struct OptionSpec {
  std::string name;  // without "--"
  bool takes_value = true;
  bool repeatable = false;
  std::string help;
};

class Args {
 public:
  // Errors: "usage" with a one-line message naming the bad argument.
  static Result<Args> Parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs);
  bool Has(const std::string& name) const { return values_.count(name) > 0; }
  std::optional<std::string> Get(const std::string& name) const;
  std::vector<std::string> GetAll(const std::string& name) const;
  const std::vector<std::string>& positional() const { return positional_; }
  // Integer option; error "usage" when not an integer.
  Result<std::optional<int64_t>> GetInt(const std::string& name) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::vector<std::string> positional_;
};

std::string HelpText(const std::string& usage, const std::string& summary, const std::vector<OptionSpec>& specs);

}  // namespace gpucat::cli
