#include "cli/args.h"

#include <charconv>

namespace gpucat::cli {

Result<Args> Args::Parse(const std::vector<std::string>& argv, const std::vector<OptionSpec>& specs) {
  Args a;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg.rfind("--", 0) != 0 || arg == "--") {
      a.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (const auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (spec == nullptr) return Status::Error("usage", "unknown option --" + name + " (see --help)");
    if (!spec->repeatable && a.values_.count(name)) return Status::Error("usage", "--" + name + " given twice");
    if (!spec->takes_value) {
      if (inline_value) return Status::Error("usage", "--" + name + " takes no value");
      a.values_[name].push_back("true");
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argv.size()) return Status::Error("usage", "--" + name + " needs a value");
      inline_value = argv[++i];
    }
    a.values_[name].push_back(*inline_value);
  }
  return a;
}

std::optional<std::string> Args::Get(const std::string& name) const {
  const auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::vector<std::string> Args::GetAll(const std::string& name) const {
  const auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

Result<std::optional<int64_t>> Args::GetInt(const std::string& name) const {
  const auto v = Get(name);
  if (!v) return std::optional<int64_t>();
  int64_t out = 0;
  const auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), out);
  if (ec != std::errc() || p != v->data() + v->size()) {
    return Status::Error("usage", "--" + name + " must be an integer, got \"" + *v + "\"");
  }
  return std::optional<int64_t>(out);
}

std::string HelpText(const std::string& usage, const std::string& summary, const std::vector<OptionSpec>& specs) {
  std::string out = "usage: " + usage + "\n\n" + summary + "\n\noptions:\n";
  for (const auto& s : specs) {
    std::string left = "  --" + s.name + (s.takes_value ? " VALUE" : "");
    if (left.size() < 26) left.resize(26, ' ');
    out += left + " " + s.help + (s.repeatable ? " (repeatable)" : "") + "\n";
  }
  out += "  --help                   this text\n";
  return out;
}

}  // namespace gpucat::cli
