#include "data/news_sources.hpp"

#include "core/error.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <expat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>

namespace mp::data {

namespace {

using nlohmann::json;

// ---------------------------------------------------------------- text helpers

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_ascii_alnum(char c) { return is_ascii_alpha(c) || is_digit(c); }
char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), upper);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// The offending text as it appears in messages: quoted, cut short so one line stays one line.
std::string quote_text(std::string_view text) {
  constexpr std::size_t kMax = 40;
  if (text.size() > kMax) return fmt::format("\"{}...\"", text.substr(0, kMax));
  return fmt::format("\"{}\"", text);
}

// Runs of white space become one space; the ends are trimmed.
std::string collapse_spaces(std::string_view s) {
  std::string out;
  bool pending_space = false;
  for (char c : s) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

// "#38", "#x26" (the part between '&' and ';') -> the code point, when a valid XML character.
std::optional<std::uint32_t> numeric_reference(std::string_view body) {
  if (body.size() < 2 || body[0] != '#') return std::nullopt;
  const bool hex = body[1] == 'x';
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty()) return std::nullopt;
  std::uint32_t value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, hex ? 16 : 10);
  if (ec != std::errc{} || end != digits.data() + digits.size()) return std::nullopt;
  const bool valid = value == 0x9 || value == 0xA || value == 0xD || (value >= 0x20 && value <= 0xD7FF) ||
                     (value >= 0xE000 && value <= 0xFFFD) || (value >= 0x10000 && value <= 0x10FFFF);
  return valid ? std::optional<std::uint32_t>(value) : std::nullopt;
}

// Escaped HTML inside a title or description ("<p>Shares of <a href=..>Apple</a> rose</p>" after
// XML decoding) -> plain text: tags dropped (a '<' not followed by a letter, '/' or '!' is a
// less-than sign and stays), the common HTML entities decoded, white space collapsed.
std::string html_to_text(std::string_view html) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 8> kHtmlEntities{{{"amp", "&"},
                                                                                               {"lt", "<"},
                                                                                               {"gt", ">"},
                                                                                               {"quot", "\""},
                                                                                               {"apos", "'"},
                                                                                               {"#39", "'"},
                                                                                               {"nbsp", " "},
                                                                                               {"mdash", "-"}}};
  std::string out;
  for (std::size_t i = 0; i < html.size(); ++i) {
    const char c = html[i];
    if (c == '<' && i + 1 < html.size() && (is_ascii_alpha(html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!')) {
      const std::size_t close = html.find('>', i);
      if (close != std::string_view::npos) {
        out += ' ';
        i = close;
        continue;
      }
    }
    if (c == '&') {
      const std::size_t semi = html.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 8) {
        const std::string_view name = html.substr(i + 1, semi - i - 1);
        auto it = std::find_if(kHtmlEntities.begin(), kHtmlEntities.end(),
                               [&](const auto& entry) { return entry.first == name; });
        if (it != kHtmlEntities.end()) {
          out += it->second;
          i = semi;
          continue;
        }
        if (auto code = numeric_reference(name)) {
          append_utf8(out, *code);
          i = semi;
          continue;
        }
      }
    }
    out += c;
  }
  return collapse_spaces(out);
}

// 1-based line and column (in bytes) of a byte offset.
std::pair<std::size_t, std::size_t> location_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return {line, offset - line_start + 1};
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw IoError(fmt::format("{}: cannot open for reading", file.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw IoError(fmt::format("{}: read failed", file.string()));
  return buffer.str();
}

// ---------------------------------------------------------------- timestamps

std::optional<int> digits_value(std::string_view s) {
  if (s.empty() || !std::all_of(s.begin(), s.end(), is_digit)) return std::nullopt;
  int value = 0;
  std::from_chars(s.data(), s.data() + s.size(), value);
  return value;
}

// A civil UTC date-time minus an offset east of UTC; nullopt if not a real date or time. A leap
// second (:60) is accepted and lands on the next minute.
std::optional<UtcTime> make_time(int year, int month, int day, int hour, int minute, int second, int offset_minutes) {
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return UtcTime{std::chrono::sys_days{ymd}} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
         std::chrono::seconds{second} - std::chrono::minutes{offset_minutes};
}

// "HH:MM" or "HH:MM:SS", two digits each.
bool parse_clock(std::string_view text, int& hour, int& minute, int& second) {
  if (text.size() != 5 && text.size() != 8) return false;
  if (text[2] != ':' || (text.size() == 8 && text[5] != ':')) return false;
  auto h = digits_value(text.substr(0, 2));
  auto m = digits_value(text.substr(3, 2));
  auto s = text.size() == 8 ? digits_value(text.substr(6, 2)) : std::optional<int>(0);
  if (!h || !m || !s) return false;
  hour = *h;
  minute = *m;
  second = *s;
  return true;
}

// "+hhmm" / "-hhmm" (also "+hh:mm" and "+hh" when `iso`) -> minutes east of UTC.
std::optional<int> numeric_offset(std::string_view text, bool iso) {
  if (text.size() < 3 || (text[0] != '+' && text[0] != '-')) return std::nullopt;
  const int sign = text[0] == '-' ? -1 : 1;
  std::string_view rest = text.substr(1);
  std::optional<int> hours, minutes;
  if (rest.size() == 4) {
    hours = digits_value(rest.substr(0, 2));
    minutes = digits_value(rest.substr(2, 2));
  } else if (iso && rest.size() == 5 && rest[2] == ':') {
    hours = digits_value(rest.substr(0, 2));
    minutes = digits_value(rest.substr(3, 2));
  } else if (iso && rest.size() == 2) {
    hours = digits_value(rest);
    minutes = 0;
  }
  if (!hours || !minutes || *hours > 14 || *minutes > 59) return std::nullopt;
  return sign * (*hours * 60 + *minutes);
}

std::optional<int> rfc822_zone(std::string_view zone) {
  static constexpr std::array<std::pair<std::string_view, int>, 12> kZones{{{"GMT", 0},
                                                                            {"UT", 0},
                                                                            {"UTC", 0},
                                                                            {"Z", 0},
                                                                            {"EST", -5 * 60},
                                                                            {"EDT", -4 * 60},
                                                                            {"CST", -6 * 60},
                                                                            {"CDT", -5 * 60},
                                                                            {"MST", -7 * 60},
                                                                            {"MDT", -6 * 60},
                                                                            {"PST", -8 * 60},
                                                                            {"PDT", -7 * 60}}};
  for (const auto& [name, offset] : kZones) {
    if (iequals(zone, name)) return offset;
  }
  return numeric_offset(zone, false);
}

std::optional<int> month_number(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths{"jan", "feb", "mar", "apr", "may", "jun",
                                                            "jul", "aug", "sep", "oct", "nov", "dec"};
  for (std::size_t i = 0; i < kMonths.size(); ++i) {
    if (iequals(name, kMonths[i])) return static_cast<int>(i) + 1;
  }
  return std::nullopt;
}

bool is_weekday_name(std::string_view name) {
  static constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return std::any_of(kDays.begin(), kDays.end(), [&](std::string_view day) { return iequals(name, day); });
}

std::vector<std::string_view> split_spaces(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) out.push_back(text.substr(start, i - start));
  }
  return out;
}

// ---------------------------------------------------------------- XML (expat)
//
// expat parses; XmlReader builds a small tree of the elements, attributes and character data an
// RSS 2.0 feed is made of. The bytes are read as UTF-8 whatever the document declares. Refused
// (each an InputError): another declared encoding, UTF-16/32 text, a DOCTYPE internal subset (and
// so the entities it would define: &nbsp; and other HTML entities are undefined in XML), nesting
// deeper than 64, and everything expat finds not well-formed. Namespaces are not resolved:
// "content:encoded" is just a name.

struct XmlElement {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<XmlElement> children;
  std::string text;             // character data directly inside (CDATA included), decoded
  std::size_t offset = 0;       // of its '<'
  std::size_t text_offset = 0;  // of its first non-blank character data (offset if none)

  [[nodiscard]] const std::string* attribute(std::string_view key) const {
    for (const auto& [k, v] : attributes) {
      if (k == key) return &v;
    }
    return nullptr;
  }
};

constexpr std::string_view kXmlEntities = "(XML defines only &lt; &gt; &amp; &quot; &apos;)";

class XmlReader {
 public:
  XmlReader(std::string_view text, const std::string& label) : text_(text), label_(label) {}

  XmlElement read_document() {
    if (text_.starts_with("\xFE\xFF") || text_.starts_with("\xFF\xFE") ||
        (text_.size() >= 2 && (text_[0] == '\0' || text_[1] == '\0'))) {
      fail_at(0, "UTF-16 or UTF-32 text is not supported (UTF-8 only)");
    }
    if (text_.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      fail_at(0, "document too large for the XML parser");
    }
    // "UTF-8" overrides the declared encoding; on_declaration refuses any other declared one.
    const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(XML_ParserCreate("UTF-8"),
                                                                              &XML_ParserFree);
    if (!parser) throw std::bad_alloc();
    parser_ = parser.get();
    XML_SetUserData(parser_, this);
    XML_SetXmlDeclHandler(parser_, on_declaration);
    XML_SetStartDoctypeDeclHandler(parser_, on_doctype);
    XML_SetElementHandler(parser_, on_start, on_end);
    XML_SetCharacterDataHandler(parser_, on_text);
    XML_SetCdataSectionHandler(parser_, on_cdata_start, nullptr);
    XML_SetSkippedEntityHandler(parser_, on_skipped_entity);
    const XML_Status status = XML_Parse(parser_, text_.data(), static_cast<int>(text_.size()), XML_TRUE);
    if (error_) fail_at(error_->first, error_->second);
    // Byte columns, as every other error of the data module (expat counts characters).
    if (status != XML_STATUS_OK) fail_at(byte_index(), expat_message(XML_GetErrorCode(parser_)));
    parser_ = nullptr;
    if (!root_) fail_at(0, "no root element");
    return std::move(*root_);
  }

  [[noreturn]] void fail_at(std::size_t offset, const std::string& message) const {
    const auto [line, column] = location_of(text_, offset);
    throw InputError(label_, line, column, message);
  }

 private:
  static constexpr std::size_t kMaxDepth = 64;

  static XmlReader& self(void* user_data) { return *static_cast<XmlReader*>(user_data); }

  // Byte offset in text_ of what expat is reporting (in a handler) or failed at.
  [[nodiscard]] std::size_t byte_index() const {
    const XML_Index index = XML_GetCurrentByteIndex(parser_);
    return index < 0 ? text_.size() : std::min(static_cast<std::size_t>(index), text_.size());
  }

  // From a handler: remember the first error and stop; read_document throws it.
  void stop(std::size_t offset, std::string message) {
    if (!error_) error_.emplace(offset, std::move(message));
    XML_StopParser(parser_, XML_FALSE);
  }

  [[nodiscard]] std::string where(std::size_t offset) const {
    const auto [line, column] = location_of(text_, offset);
    return fmt::format("{}:{}", line, column);
  }

  // expat's words, with what the tree knows added where it helps to find the fault.
  [[nodiscard]] std::string expat_message(XML_Error code) const {
    const std::string message = XML_ErrorString(code);
    const std::size_t at = byte_index();
    const std::string_view rest = text_.substr(at);
    switch (code) {
      case XML_ERROR_UNDEFINED_ENTITY:
        if (const std::string_view reference = undefined_reference(at); !reference.empty()) {
          return fmt::format("{} '{}' {}", message, reference, kXmlEntities);
        }
        return fmt::format("{} {}", message, kXmlEntities);
      case XML_ERROR_TAG_MISMATCH:  // expat points at the name after "</"
        if (open_.empty()) return message;
        return fmt::format("{}: </{}> does not close <{}> opened at {}", message,
                           rest.substr(0, rest.find_first_of(" \t\r\n>")), open_.back().name,
                           where(open_.back().offset));
      case XML_ERROR_NO_ELEMENTS:  // also the end of a truncated document
        if (open_.empty()) return message;
        return fmt::format("{}: the document ends inside <{}> opened at {}", message, open_.back().name,
                           where(open_.back().offset));
      case XML_ERROR_UNCLOSED_CDATA_SECTION:
        return fmt::format("{} opened at {}", message, where(cdata_offset_));
      case XML_ERROR_INVALID_TOKEN: {  // "AT&T": expat stops after the '&', where ';' was due
        const std::size_t amp = text_.rfind('&', at);
        const bool bare = amp != std::string_view::npos && at - amp <= 32 &&
                          text_.substr(amp, at - amp).find_first_of(";\n") == std::string_view::npos;
        return bare ? fmt::format("{}: bare '&' at {} (write &amp;)", message, where(amp)) : message;
      }
      default:
        return message;
    }
  }

  // The first entity reference from `at` on that XML does not define ("&nbsp;"): expat reports one
  // in character data at its '&', one in an attribute value at the '<' of the tag.
  [[nodiscard]] std::string_view undefined_reference(std::size_t at) const {
    static constexpr std::array<std::string_view, 5> kDefined{"lt", "gt", "amp", "quot", "apos"};
    for (std::size_t amp = text_.find('&', at); amp != std::string_view::npos; amp = text_.find('&', amp + 1)) {
      const std::size_t semi = text_.find(';', amp);
      if (semi == std::string_view::npos) break;
      const std::string_view name = text_.substr(amp + 1, semi - amp - 1);
      if (!name.starts_with('#') && std::find(kDefined.begin(), kDefined.end(), name) == kDefined.end()) {
        return text_.substr(amp, semi - amp + 1);
      }
    }
    return {};
  }

  static void XMLCALL on_declaration(void* user_data, const XML_Char* /*version*/, const XML_Char* encoding,
                                     int /*standalone*/) {
    XmlReader& reader = self(user_data);
    if (encoding == nullptr) return;
    const std::string_view name = encoding;
    if (iequals(name, "utf-8") || iequals(name, "us-ascii") || iequals(name, "ascii")) return;
    const std::size_t at = reader.text_.find(name, reader.text_.find("encoding", reader.byte_index()));
    reader.stop(at == std::string_view::npos ? reader.byte_index() : at,
                fmt::format("encoding {} is not supported (UTF-8 only)", quote_text(name)));
  }

  // expat reports a DOCTYPE with an internal subset at its '['.
  static void XMLCALL on_doctype(void* user_data, const XML_Char* /*name*/, const XML_Char* /*system_id*/,
                                 const XML_Char* /*public_id*/, int has_internal_subset) {
    XmlReader& reader = self(user_data);
    if (has_internal_subset) reader.stop(reader.byte_index(), "a DOCTYPE internal subset is not supported");
  }

  static void XMLCALL on_start(void* user_data, const XML_Char* name, const XML_Char** attributes) {
    XmlReader& reader = self(user_data);
    if (reader.error_) return;
    const std::size_t offset = reader.byte_index();
    if (reader.open_.size() > kMaxDepth) {
      reader.stop(offset, fmt::format("elements nested deeper than {}", kMaxDepth));
      return;
    }
    XmlElement& element = reader.open_.emplace_back();
    element.name = name;
    element.offset = offset;
    element.text_offset = offset;
    for (const XML_Char** attribute = attributes; *attribute != nullptr; attribute += 2) {
      element.attributes.emplace_back(attribute[0], attribute[1]);
    }
  }

  static void XMLCALL on_end(void* user_data, const XML_Char* /*name*/) {
    XmlReader& reader = self(user_data);
    if (reader.error_ || reader.open_.empty()) return;
    XmlElement element = std::move(reader.open_.back());
    reader.open_.pop_back();
    if (reader.open_.empty()) {
      reader.root_ = std::move(element);
    } else {
      reader.open_.back().children.push_back(std::move(element));
    }
  }

  // expat hands character data over in runs; a run is the input's own bytes from where it reports,
  // except a decoded reference (reported at its '&') and a line break.
  static void XMLCALL on_text(void* user_data, const XML_Char* data, int length) {
    XmlReader& reader = self(user_data);
    if (reader.error_ || reader.open_.empty()) return;
    XmlElement& element = reader.open_.back();
    const std::string_view run(data, static_cast<std::size_t>(length));
    if (element.text_offset == element.offset) {
      const auto first = std::find_if_not(run.begin(), run.end(), is_space);
      if (first != run.end()) element.text_offset = reader.byte_index() + static_cast<std::size_t>(first - run.begin());
    }
    element.text += run;
  }

  static void XMLCALL on_cdata_start(void* user_data) {
    XmlReader& reader = self(user_data);
    reader.cdata_offset_ = reader.byte_index();
  }

  // An undeclared entity that is not an error to expat because the DOCTYPE names an external DTD
  // (which is never read): as undefined as without one.
  static void XMLCALL on_skipped_entity(void* user_data, const XML_Char* name, int /*is_parameter_entity*/) {
    XmlReader& reader = self(user_data);
    reader.stop(reader.byte_index(), fmt::format("undefined entity '&{};' {}", name, kXmlEntities));
  }

  std::string_view text_;
  const std::string& label_;
  XML_Parser parser_ = nullptr;
  std::vector<XmlElement> open_;  // the elements being read, the root first
  std::optional<XmlElement> root_;
  std::optional<std::pair<std::size_t, std::string>> error_;  // offset, message
  std::size_t cdata_offset_ = 0;
};

// ---------------------------------------------------------------- RSS 2.0

class RssItemReader {
 public:
  RssItemReader(const XmlReader& reader, std::string source) : reader_(reader), source_(std::move(source)) {}

  NewsItem read(const XmlElement& item) const {
    const XmlElement* title = nullptr;
    const XmlElement* description = nullptr;
    const XmlElement* pub_date = nullptr;
    const XmlElement* link = nullptr;
    NewsItem out;
    out.source = source_;
    for (const auto& child : item.children) {
      if (child.name == "title") {
        title = single(child, title);
      } else if (child.name == "description") {
        description = single(child, description);
      } else if (child.name == "pubDate") {
        pub_date = single(child, pub_date);
      } else if (child.name == "link") {
        link = single(child, link);
      } else if (child.name == "category") {
        no_markup(child);
        if (auto category = html_to_text(child.text); !category.empty()) out.categories.push_back(std::move(category));
      }
      // Everything else (guid, author, enclosure, dc:creator, content:encoded, ...) is ignored.
    }
    if (pub_date == nullptr) {
      reader_.fail_at(item.offset, "<item> without <pubDate> (an undated headline cannot be placed in time)");
    }
    const std::string_view date_text = trim(pub_date->text);
    const auto published = parse_rfc822_time(date_text);
    if (!published) {
      reader_.fail_at(pub_date->text_offset,
                      fmt::format("<pubDate> is not an RFC 822 date-time (\"Tue, 10 Jun 2003 04:00:00 GMT\"): {}",
                                  quote_text(date_text)));
    }
    out.published = *published;
    if (title != nullptr) out.title = html_to_text(title->text);
    if (description != nullptr) out.text = html_to_text(description->text);
    if (link != nullptr) out.link = std::string(trim(link->text));
    if (out.title.empty() && out.text.empty()) {
      reader_.fail_at(item.offset, "<item> has neither a <title> nor a <description>");
    }
    return out;
  }

 private:
  const XmlElement* single(const XmlElement& child, const XmlElement* seen) const {
    if (seen != nullptr) reader_.fail_at(child.offset, fmt::format("second <{}> in one <item>", child.name));
    no_markup(child);
    return &child;
  }

  void no_markup(const XmlElement& child) const {
    if (!child.children.empty()) {
      reader_.fail_at(child.children.front().offset,
                      fmt::format("<{}> contains the element <{}>: escape markup or wrap it in CDATA", child.name,
                                  child.children.front().name));
    }
  }

  const XmlReader& reader_;
  std::string source_;
};

// ---------------------------------------------------------------- JSON helpers

const json* member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

// "parse error at line 1, column 9: syntax error ..." -> "syntax error ...".
std::string json_error_detail(const json::parse_error& e) {
  const std::string what = e.what();
  const auto colon = what.find(": ", what.find("parse error"));
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Unix seconds from a JSON number; nullopt if not finite or implausibly large (milliseconds).
std::optional<UtcTime> unix_seconds(const json& value) {
  if (!value.is_number()) return std::nullopt;
  const double seconds = value.get<double>();
  if (!std::isfinite(seconds) || std::fabs(seconds) >= 1e11) return std::nullopt;
  return UtcTime{std::chrono::seconds{static_cast<std::int64_t>(std::floor(seconds))}};
}

// Reads one JSONL news line into an item; errors point at the key's column in the line.
class JsonlLineReader {
 public:
  JsonlLineReader(const std::string& label, std::size_t line, std::string_view text)
      : label_(label), line_(line), text_(text) {}

  NewsItem read() const {
    json object;
    try {
      object = json::parse(text_);
    } catch (const json::parse_error& e) {
      fail(std::max<std::size_t>(e.byte, 1), "malformed JSON: " + json_error_detail(e));
    }
    if (!object.is_object()) fail(1, "expected one JSON object per line");
    NewsItem item;
    item.published = time_of(object);
    item.title = collapse_spaces(required_text(object, "title"));
    if (item.title.empty()) fail_key("title", "empty title");
    item.text = optional_text(object, "text");
    item.link = optional_text(object, "link");
    if (item.link.empty()) item.link = optional_text(object, "url");
    item.source = optional_text(object, "source");
    if (item.source.empty()) item.source = label_;
    item.symbols = symbols_of(object);
    return item;
  }

 private:
  [[noreturn]] void fail(std::size_t column, const std::string& message) const {
    throw InputError(label_, line_, column, message);
  }
  [[noreturn]] void fail_key(const char* key, const std::string& message) const {
    const std::size_t at = text_.find(fmt::format("\"{}\"", key));
    fail(at == std::string_view::npos ? 1 : at + 1, fmt::format("\"{}\": {}", key, message));
  }

  UtcTime time_of(const json& object) const {
    const json* time = member(object, "time");
    if (time == nullptr) fail(1, "missing \"time\" (ISO-8601 text or unix seconds)");
    if (time->is_string()) {
      const auto& text = time->get_ref<const std::string&>();
      if (auto parsed = parse_iso8601_time(text)) return *parsed;
      fail_key("time", "not an ISO-8601 date-time with a zone (\"2024-03-05T14:30:00Z\"): " + quote_text(text));
    }
    if (auto parsed = unix_seconds(*time)) return *parsed;
    fail_key("time", "expected ISO-8601 text or unix seconds (milliseconds are not accepted), got " + time->dump());
  }

  std::string required_text(const json& object, const char* key) const {
    const json* value = member(object, key);
    if (value == nullptr) fail(1, fmt::format("missing \"{}\"", key));
    if (!value->is_string()) fail_key(key, "expected a string, got " + value->dump());
    return value->get<std::string>();
  }

  std::string optional_text(const json& object, const char* key) const {
    const json* value = member(object, key);
    if (value == nullptr) return {};
    if (!value->is_string()) fail_key(key, "expected a string, got " + value->dump());
    return collapse_spaces(value->get_ref<const std::string&>());
  }

  std::string ticker(const json& value, const char* key) const {
    if (!value.is_string()) fail_key(key, "expected a ticker string, got " + value.dump());
    const std::string symbol = to_upper(trim(value.get_ref<const std::string&>()));
    if (symbol.empty()) fail_key(key, "empty ticker");
    if (symbol.find_first_of(" \t,") != std::string::npos) fail_key(key, "not a ticker: " + quote_text(symbol));
    return symbol;
  }

  std::vector<std::string> symbols_of(const json& object) const {
    const json* one = member(object, "symbol");
    const json* many = member(object, "symbols");
    if (one != nullptr && many != nullptr) fail_key("symbols", "give \"symbol\" or \"symbols\", not both");
    std::vector<std::string> out;
    if (one != nullptr) out.push_back(ticker(*one, "symbol"));
    if (many != nullptr) {
      if (!many->is_array()) fail_key("symbols", "expected an array of tickers, got " + many->dump());
      for (const auto& entry : *many) out.push_back(ticker(entry, "symbols"));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  const std::string& label_;
  std::size_t line_;
  std::string_view text_;
};

// ---------------------------------------------------------------- Reddit

class RedditListingReader {
 public:
  RedditListingReader(const std::string& label, std::string_view text, UtcTime observed_at)
      : label_(label), text_(text), observed_at_(observed_at) {}

  std::vector<RedditPost> read() const {
    json root;
    try {
      root = json::parse(text_);
    } catch (const json::parse_error& e) {
      const auto [line, column] = location_of(text_, e.byte == 0 ? 0 : e.byte - 1);
      throw InputError(label_, line, column, "malformed JSON: " + json_error_detail(e));
    }
    if (!root.is_object()) fail("", "expected a Reddit listing object {\"kind\":\"Listing\",\"data\":{...}}");
    const json* kind = member(root, "kind");
    if (kind == nullptr || *kind != "Listing") {
      fail("/kind", "not a Reddit listing: expected \"Listing\", got " + (kind ? kind->dump() : "nothing"));
    }
    const json* data = member(root, "data");
    if (data == nullptr || !data->is_object()) fail("/data", "expected an object");
    const json* children = member(*data, "children");
    if (children == nullptr || !children->is_array()) fail("/data/children", "expected an array");
    std::vector<RedditPost> posts;
    for (std::size_t i = 0; i < children->size(); ++i) {
      const json& child = (*children)[i];
      const std::string path = fmt::format("/data/children/{}", i);
      if (!child.is_object()) fail(path, "expected an object");
      const json* child_kind = member(child, "kind");
      if (child_kind == nullptr || !child_kind->is_string()) fail(path + "/kind", "expected a string");
      if (*child_kind != "t3") continue;  // comments ("t1") and "more" stubs carry no post
      const json* post = member(child, "data");
      if (post == nullptr || !post->is_object()) fail(path + "/data", "expected an object");
      posts.push_back(read_post(*post, path + "/data"));
    }
    return posts;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw InputError(label_, 0, 0, fmt::format("{}: {}", path.empty() ? "/" : path, message));
  }

  std::string text(const json& post, const char* key, const std::string& path, bool required) const {
    const json* value = member(post, key);
    if (value == nullptr) {
      if (required) fail(path + "/" + key, "missing");
      return {};
    }
    if (!value->is_string()) fail(path + "/" + key, "expected a string, got " + value->dump());
    return value->get<std::string>();
  }

  RedditPost read_post(const json& post, const std::string& path) const {
    RedditPost out;
    const json* created = member(post, "created_utc");
    if (created == nullptr) fail(path + "/created_utc", "missing");
    const auto time = unix_seconds(*created);
    if (!time) fail(path + "/created_utc", "expected unix seconds, got " + created->dump());
    out.created = *time;
    if (out.created > observed_at_) {
      fail(path + "/created_utc", fmt::format("post created at {}, after the listing was observed ({})",
                                              format_utc_time(out.created), format_utc_time(observed_at_)));
    }
    out.score_observed = observed_at_;
    const json* score = member(post, "score");
    if (score == nullptr) fail(path + "/score", "missing");
    if (!score->is_number() || !std::isfinite(score->get<double>())) {
      fail(path + "/score", "expected a number, got " + score->dump());
    }
    out.score = score->get<double>();
    // Reddit HTML-escapes '&', '<' and '>' in titles and self texts ("&amp;").
    out.title = html_to_text(text(post, "title", path, true));
    out.selftext = html_to_text(text(post, "selftext", path, false));
    out.id = text(post, "id", path, false);
    out.subreddit = text(post, "subreddit", path, false);
    return out;
  }

  const std::string& label_;
  std::string_view text_;
  UtcTime observed_at_;
};

}  // namespace

// ---------------------------------------------------------------- timestamps

std::optional<UtcTime> parse_rfc822_time(std::string_view text) {
  text = trim(text);
  if (const std::size_t comma = text.find(','); comma != std::string_view::npos) {
    if (!is_weekday_name(trim(text.substr(0, comma)))) return std::nullopt;
    text = text.substr(comma + 1);
  }
  const auto parts = split_spaces(text);
  if (parts.size() != 5) return std::nullopt;
  const auto day = parts[0].size() <= 2 ? digits_value(parts[0]) : std::nullopt;
  const auto month = month_number(parts[1]);
  const bool year_shape = parts[2].size() == 2 || parts[2].size() == 4;
  const auto year_digits = year_shape ? digits_value(parts[2]) : std::nullopt;
  int hour = 0, minute = 0, second = 0;
  const auto offset = rfc822_zone(parts[4]);
  if (!day || !month || !year_digits || !offset || !parse_clock(parts[3], hour, minute, second)) return std::nullopt;
  int year = year_digits.value_or(0);
  if (parts[2].size() == 2) year += year >= 50 ? 1900 : 2000;  // RFC 2822 4.3
  return make_time(year, *month, *day, hour, minute, second, *offset);
}

std::optional<UtcTime> parse_iso8601_time(std::string_view text) {
  text = trim(text);
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto date = parse_date(text.substr(0, 10));
  if (!date) return std::nullopt;
  if (text.size() == 10) return UtcTime{*date} + std::chrono::seconds{86399};
  if (text[10] != 'T' && text[10] != 't' && text[10] != ' ') return std::nullopt;
  std::string_view rest = text.substr(11);
  const std::size_t zone_at = rest.find_first_of("Zz+-");
  if (zone_at == std::string_view::npos) return std::nullopt;  // no zone: ambiguous
  std::string_view clock = rest.substr(0, zone_at);
  const std::string_view zone = rest.substr(zone_at);
  if (const std::size_t dot = clock.find_first_of(".,"); dot != std::string_view::npos) {
    const std::string_view fraction = clock.substr(dot + 1);
    if (dot != 8 || fraction.empty() || !std::all_of(fraction.begin(), fraction.end(), is_digit)) return std::nullopt;
    clock = clock.substr(0, dot);  // fractions of a second are truncated
  }
  int hour = 0, minute = 0, second = 0;
  if (!parse_clock(clock, hour, minute, second)) return std::nullopt;
  std::optional<int> offset;
  if (zone == "Z" || zone == "z") {
    offset = 0;
  } else {
    offset = numeric_offset(zone, true);
  }
  if (!offset) return std::nullopt;
  const std::chrono::year_month_day ymd{*date};
  return make_time(static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day())), hour, minute, second, *offset);
}

std::string format_utc_time(UtcTime time) {
  const auto day = std::chrono::floor<std::chrono::days>(time);
  const std::chrono::hh_mm_ss clock{time - day};
  return fmt::format("{}T{:02d}:{:02d}:{:02d}Z", format_date(day), clock.hours().count(), clock.minutes().count(),
                     clock.seconds().count());
}

// ---------------------------------------------------------------- sources

std::vector<NewsItem> parse_rss(std::string_view xml, const std::string& file_label) {
  XmlReader reader(xml, file_label);
  const XmlElement root = reader.read_document();
  if (root.name != "rss") {
    reader.fail_at(root.offset, fmt::format("root element is <{}>, expected <rss> (RSS 2.0)", root.name));
  }
  const std::string* version = root.attribute("version");
  if (version == nullptr || !version->starts_with("2.")) {
    reader.fail_at(root.offset,
                   fmt::format("<rss version={}> is not RSS 2.x", version ? quote_text(*version) : "(none)"));
  }
  const XmlElement* channel = nullptr;
  for (const auto& child : root.children) {
    if (child.name != "channel") continue;
    if (channel != nullptr) reader.fail_at(child.offset, "second <channel> in one feed");
    channel = &child;
  }
  if (channel == nullptr) reader.fail_at(root.offset, "<rss> without a <channel>");
  std::string source;
  for (const auto& child : channel->children) {
    if (child.name == "title") source = html_to_text(child.text);
  }
  if (source.empty()) source = file_label;
  const RssItemReader items(reader, source);
  std::vector<NewsItem> out;
  for (const auto& child : channel->children) {
    if (child.name == "item") out.push_back(items.read(child));
  }
  return out;
}

std::vector<NewsItem> import_rss(const std::filesystem::path& file) {
  return parse_rss(read_file(file), file.string());
}

std::vector<NewsItem> parse_news_jsonl(std::string_view text, const std::string& file_label) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<NewsItem> out;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t newline = text.find('\n');
    std::string_view line = text.substr(0, newline);
    text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty()) continue;
    out.push_back(JsonlLineReader(file_label, line_number, line).read());
  }
  return out;
}

std::vector<NewsItem> import_news_jsonl(const std::filesystem::path& file) {
  return parse_news_jsonl(read_file(file), file.string());
}

std::vector<RedditPost> parse_reddit_listing(std::string_view json_text, const std::string& file_label,
                                             UtcTime observed_at) {
  return RedditListingReader(file_label, json_text, observed_at).read();
}

std::vector<RedditPost> import_reddit_listing(const std::filesystem::path& file, UtcTime observed_at) {
  return parse_reddit_listing(read_file(file), file.string(), observed_at);
}

// ---------------------------------------------------------------- symbol matching

SymbolMatcher::SymbolMatcher(const std::vector<std::string>& universe, SymbolMatchOptions options)
    : options_(std::move(options)) {
  std::set<std::string, std::less<>> cashtag_only;
  for (const auto& symbol : options_.cashtag_only) cashtag_only.insert(to_upper(symbol));
  for (const auto& symbol : universe) {
    std::string ticker = to_upper(trim(symbol));
    if (ticker.empty()) continue;
    if (ticker.size() >= options_.min_bare_length && !cashtag_only.count(ticker)) bare_.insert(ticker);
    universe_.insert(std::move(ticker));
  }
}

namespace {

bool is_ticker_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '-'; }

// The ticker-shaped run starting at `start` (letters, digits, '.', '-'), without trailing '.'/'-'.
std::string_view ticker_run(std::string_view text, std::size_t start) {
  std::size_t end = start;
  while (end < text.size() && is_ticker_char(text[end])) ++end;
  while (end > start && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
  return text.substr(start, end - start);
}

bool shouted(std::string_view text, double share) {
  std::size_t letters = 0, upper_case = 0;
  for (char c : text) {
    if (!is_ascii_alpha(c)) continue;
    ++letters;
    if (c >= 'A' && c <= 'Z') ++upper_case;
  }
  return letters >= 12 && static_cast<double>(upper_case) >= share * static_cast<double>(letters);
}

}  // namespace

std::vector<std::string> SymbolMatcher::match(std::string_view text) const {
  std::set<std::string> found;
  const bool bare_allowed = !shouted(text, options_.shouting_share);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool boundary = i == 0 || (!is_ascii_alnum(text[i - 1]) && static_cast<unsigned char>(text[i - 1]) < 0x80);
    if (!boundary) continue;
    if (text[i] == '$' && (i == 0 || text[i - 1] != '$')) {
      // Cashtag: "$AAPL", "$aapl", "$BRK.B"; "$5" and "$$" are not.
      if (i + 1 >= text.size() || !is_ascii_alpha(text[i + 1])) continue;
      const std::string_view run = ticker_run(text, i + 1);
      if (std::string ticker = to_upper(run); universe_.count(ticker)) found.insert(std::move(ticker));
      i += run.size();
      continue;
    }
    if (!bare_allowed || !(text[i] >= 'A' && text[i] <= 'Z') || (i > 0 && text[i - 1] == '$')) continue;
    const std::string_view run = ticker_run(text, i);
    // The whole run ("BRK.B", "BRK-B"), else its head before the first '.'/'-' ("AAPL.O", "IBM-led").
    for (std::string_view candidate : {run, run.substr(0, run.find_first_of(".-"))}) {
      const bool all_caps =
          std::none_of(candidate.begin(), candidate.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (all_caps && bare_.count(candidate)) {
        found.insert(std::string(candidate));
        break;
      }
    }
    i += run.empty() ? 0 : run.size() - 1;
  }
  return {found.begin(), found.end()};
}

void tag_symbols(std::vector<NewsItem>& items, const SymbolMatcher& matcher) {
  for (auto& item : items) {
    if (item.symbols.empty()) item.symbols = matcher.match(item.title + "\n" + item.text);
  }
}

void tag_symbols(std::vector<RedditPost>& posts, const SymbolMatcher& matcher) {
  for (auto& post : posts) post.symbols = matcher.match(post.title + "\n" + post.selftext);
}

std::vector<NewsItem> unique_news(std::vector<NewsItem> items) {
  std::set<std::tuple<UtcTime, std::string, std::string>> seen;
  std::erase_if(items,
                [&](const NewsItem& item) { return !seen.emplace(item.published, item.title, item.link).second; });
  return items;
}

std::vector<RedditPost> unique_posts(std::vector<RedditPost> posts) {
  // A post without an id cannot be recognised in another snapshot: it is kept as it is.
  std::map<std::string, UtcTime> first_observed;
  for (const auto& post : posts) {
    if (post.id.empty()) continue;
    auto [it, inserted] = first_observed.emplace(post.id, post.score_observed);
    if (!inserted) it->second = std::min(it->second, post.score_observed);
  }
  std::set<std::string> kept;
  std::erase_if(posts, [&](const RedditPost& post) {
    if (post.id.empty()) return false;
    return post.score_observed != first_observed.at(post.id) || !kept.insert(post.id).second;
  });
  return posts;
}

}  // namespace mp::data
