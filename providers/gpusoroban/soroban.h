// HighReso GPUSOROBAN: the parsers behind the gpusoroban adapter.
// Internal to providers/gpusoroban. Spec: shared/reference/providers.md §2.
#pragma once

#include "gpucat/adapter.h"
#include "gpucat/status.h"

namespace gpucat::providers::gpusoroban {

inline constexpr const char* kProvider = "gpusoroban";

// The AIスパコンクラウド plan table (parser "aispacon-page"): the <table>
// after the heading "AIスパコンクラウドの料金プラン", columns
// 構成 | シングルノード構成 | クラスタ構成, rows found by their labels
// (月額費用（税込み）, GPU／ノード, vCPU／ノード, システムメモリ／ノード,
// ストレージ／ノード). One draft per configuration column: monthly, per node.
Result<ParseResult> ParseAispaconPage(const Document& document);

// The instance table (parser "instances-page"): the <table> after the
// heading "プランと料金", columns GPU | vCPU | メモリ | ローカルSSD | 時間料金 |
// 月額固定料金 found by header text. Per row: an hourly and a monthly draft,
// each only when the page publishes that price.
Result<ParseResult> ParseInstancesPage(const Document& document);

}  // namespace gpucat::providers::gpusoroban
