#include "data/xml_document.hpp"

#include "core/error.hpp"
#include "data/news_text.hpp"

#include <expat.h>
#include <fmt/format.h>
#include <iconv.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <memory>
#include <new>
#include <optional>
#include <utility>

namespace mp::data {

namespace {

using news_text::iequals;
using news_text::quote_text;

[[noreturn]] void fail_in(std::string_view text, const std::string& label, std::size_t offset,
                          const std::string& message) {
  const auto [line, column] = news_text::location_of(text, offset);
  throw InputError(label, line, column, message);
}

constexpr std::string_view kXmlEntities = "(XML defines only &lt; &gt; &amp; &quot; &apos;)";
constexpr std::string_view kEncodingsRead = "(UTF-8, US-ASCII, ISO-8859-1 or windows-1252 only)";

// ---------------------------------------------------------------- encodings

// Encodings expat decodes itself (expat.h: XML_ParserCreate).
bool expat_reads(std::string_view name) {
  return iequals(name, "UTF-8") || iequals(name, "US-ASCII") || iequals(name, "ISO-8859-1");
}

// The other names read, with the converter that knows each.
struct SingleByteEncoding {
  std::string_view name;
  const char* iconv_name;
};
constexpr std::array<SingleByteEncoding, 4> kSingleByteEncodings{
    {{"windows-1252", "WINDOWS-1252"}, {"cp1252", "WINDOWS-1252"}, {"ascii", "ASCII"}, {"latin1", "ISO-8859-1"}}};

const SingleByteEncoding* single_byte_encoding(std::string_view name) {
  const auto it = std::find_if(kSingleByteEncodings.begin(), kSingleByteEncodings.end(),
                               [&](const SingleByteEncoding& encoding) { return iequals(name, encoding.name); });
  return it == kSingleByteEncodings.end() ? nullptr : &*it;
}

using ByteMap = std::array<int, 256>;

// The map expat asks of a single-byte encoding it does not know (expat.h, XML_Encoding): each
// byte's code point, -1 for a byte that is no character (windows-1252 leaves 0x81, 0x8D, 0x8F,
// 0x90 and 0x9D undefined). Filled by the C library's iconv converters, not a table copied here.
std::optional<ByteMap> iconv_byte_map(const char* iconv_name) {
  const iconv_t converter = iconv_open("UTF-32LE", iconv_name);
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  ByteMap map{};
  for (std::size_t byte = 0; byte < map.size(); ++byte) {
    char in = static_cast<char>(byte);
    std::array<unsigned char, 4> out{};
    char* in_at = &in;
    char* out_at = reinterpret_cast<char*>(out.data());
    std::size_t in_left = 1;
    std::size_t out_left = out.size();
    iconv(converter, nullptr, nullptr, nullptr, nullptr);  // back to the initial state
    const bool converted = iconv(converter, &in_at, &in_left, &out_at, &out_left) != static_cast<std::size_t>(-1);
    map[byte] = converted && out_left == 0
                    ? static_cast<int>(out[0] | (out[1] << 8) | (out[2] << 16) | (std::uint32_t{out[3]} << 24))
                    : -1;
  }
  iconv_close(converter);
  return map;
}

// Built once per converter, on first use.
const std::optional<ByteMap>& byte_map(const SingleByteEncoding& encoding) {
  static const std::array<std::optional<ByteMap>, kSingleByteEncodings.size()> kMaps = [] {
    std::array<std::optional<ByteMap>, kSingleByteEncodings.size()> out;
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = iconv_byte_map(kSingleByteEncodings[i].iconv_name);
    return out;
  }();
  return kMaps[static_cast<std::size_t>(&encoding - kSingleByteEncodings.data())];
}

// ---------------------------------------------------------------- names

// expat reports a namespaced name as "URI\nlocal\nprefix" (the separator given to
// XML_ParserCreateNS, with XML_SetReturnNSTriplet), "URI\nlocal" in a default namespace.
constexpr char kNamespaceSeparator = '\n';

struct ExpandedName {
  std::string ns, name, qname;
};

ExpandedName expand(std::string_view reported) {
  const std::size_t first = reported.find(kNamespaceSeparator);
  if (first == std::string_view::npos) return {"", std::string(reported), std::string(reported)};
  const std::size_t second = reported.find(kNamespaceSeparator, first + 1);
  ExpandedName out{std::string(reported.substr(0, first)), std::string(reported.substr(first + 1, second - first - 1)),
                   ""};
  out.qname = second == std::string_view::npos ? out.name : fmt::format("{}:{}", reported.substr(second + 1), out.name);
  return out;
}

// ---------------------------------------------------------------- the tree builder

class XmlTreeReader {
 public:
  XmlTreeReader(std::string_view text, const std::string& label) : text_(text), label_(label) {}

  XmlElement read() {
    if (text_.starts_with("\xFE\xFF") || text_.starts_with("\xFF\xFE") ||
        (text_.size() >= 2 && (text_[0] == '\0' || text_[1] == '\0'))) {
      fail_in(text_, label_, 0, fmt::format("UTF-16 or UTF-32 text is not supported {}", kEncodingsRead));
    }
    if (text_.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
      fail_in(text_, label_, 0, "document too large for the XML parser");
    }
    // No encoding forced: expat follows the declaration; on_declaration refuses what is not read.
    const std::unique_ptr<XML_ParserStruct, decltype(&XML_ParserFree)> parser(
        XML_ParserCreateNS(nullptr, kNamespaceSeparator), &XML_ParserFree);
    if (!parser) throw std::bad_alloc();
    parser_ = parser.get();
    XML_SetUserData(parser_, this);
    XML_SetReturnNSTriplet(parser_, XML_TRUE);
    XML_SetXmlDeclHandler(parser_, on_declaration);
    XML_SetUnknownEncodingHandler(parser_, on_unknown_encoding, this);
    XML_SetStartDoctypeDeclHandler(parser_, on_doctype);
    XML_SetElementHandler(parser_, on_start, on_end);
    XML_SetCharacterDataHandler(parser_, on_text);
    XML_SetCdataSectionHandler(parser_, on_cdata_start, nullptr);
    XML_SetSkippedEntityHandler(parser_, on_skipped_entity);
    const XML_Status status = XML_Parse(parser_, text_.data(), static_cast<int>(text_.size()), XML_TRUE);
    if (error_) fail_in(text_, label_, error_->first, error_->second);
    // Byte columns, as every other error of the data module (expat counts characters).
    if (status != XML_STATUS_OK) fail_in(text_, label_, byte_index(), expat_message(XML_GetErrorCode(parser_)));
    parser_ = nullptr;
    if (!root_) fail_in(text_, label_, 0, "no root element");
    return std::move(*root_);
  }

 private:
  static constexpr std::size_t kMaxDepth = 64;

  static XmlTreeReader& self(void* user_data) { return *static_cast<XmlTreeReader*>(user_data); }

  // Byte offset in text_ of what expat is reporting (in a handler) or failed at.
  [[nodiscard]] std::size_t byte_index() const {
    const XML_Index index = XML_GetCurrentByteIndex(parser_);
    return index < 0 ? text_.size() : std::min(static_cast<std::size_t>(index), text_.size());
  }

  // From a handler: remember the first error and stop; read() throws it.
  void stop(std::size_t offset, std::string message) {
    if (!error_) error_.emplace(offset, std::move(message));
    XML_StopParser(parser_, XML_FALSE);
  }

  [[nodiscard]] std::string where(std::size_t offset) const {
    const auto [line, column] = news_text::location_of(text_, offset);
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
                           rest.substr(0, rest.find_first_of(" \t\r\n>")), open_.back().qname,
                           where(open_.back().offset));
      case XML_ERROR_NO_ELEMENTS:  // also the end of a truncated document
        if (open_.empty()) return message;
        return fmt::format("{}: the document ends inside <{}> opened at {}", message, open_.back().qname,
                           where(open_.back().offset));
      case XML_ERROR_UNCLOSED_CDATA_SECTION:
        return fmt::format("{} opened at {}", message, where(cdata_offset_));
      case XML_ERROR_UNBOUND_PREFIX:  // expat points at the '<' of the tag
        return fmt::format("{}: {} uses a namespace prefix without its xmlns declaration", message,
                           quote_text(rest.substr(0, rest.find('>') + 1)));
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

  // Called before expat switches to the declared encoding: what is not read stops here, named.
  static void XMLCALL on_declaration(void* user_data, const XML_Char* /*version*/, const XML_Char* encoding,
                                     int /*standalone*/) {
    XmlTreeReader& reader = self(user_data);
    if (encoding == nullptr) return;
    const std::string_view name = encoding;
    if (expat_reads(name) || single_byte_encoding(name) != nullptr) return;
    const std::size_t at = reader.text_.find(name, reader.text_.find("encoding", reader.byte_index()));
    reader.stop(at == std::string_view::npos ? reader.byte_index() : at,
                fmt::format("encoding {} is not supported {}", quote_text(name), kEncodingsRead));
  }

  static int XMLCALL on_unknown_encoding(void* handler_data, const XML_Char* name, XML_Encoding* info) {
    XmlTreeReader& reader = self(handler_data);
    const SingleByteEncoding* encoding = single_byte_encoding(name);
    const std::optional<ByteMap>* map = encoding != nullptr ? &byte_map(*encoding) : nullptr;
    if (map == nullptr || !map->has_value()) {
      if (!reader.error_ && encoding != nullptr) {
        reader.error_.emplace(reader.byte_index(), fmt::format("encoding {} cannot be read: the C library has no "
                                                               "iconv converter {}",
                                                               quote_text(name), encoding->iconv_name));
      }
      return XML_STATUS_ERROR;
    }
    std::copy((*map)->begin(), (*map)->end(), info->map);
    info->data = nullptr;
    info->convert = nullptr;  // single bytes only: no multi-byte sequences to convert
    info->release = nullptr;
    return XML_STATUS_OK;
  }

  // expat reports a DOCTYPE with an internal subset at its '['.
  static void XMLCALL on_doctype(void* user_data, const XML_Char* /*name*/, const XML_Char* /*system_id*/,
                                 const XML_Char* /*public_id*/, int has_internal_subset) {
    XmlTreeReader& reader = self(user_data);
    if (has_internal_subset) reader.stop(reader.byte_index(), "a DOCTYPE internal subset is not supported");
  }

  static void XMLCALL on_start(void* user_data, const XML_Char* name, const XML_Char** attributes) {
    XmlTreeReader& reader = self(user_data);
    if (reader.error_) return;
    const std::size_t offset = reader.byte_index();
    if (reader.open_.size() > kMaxDepth) {
      reader.stop(offset, fmt::format("elements nested deeper than {}", kMaxDepth));
      return;
    }
    const std::size_t text_at = reader.open_.empty() ? 0 : reader.open_.back().text.size();
    XmlElement& element = reader.open_.emplace_back();
    auto [ns, local, qname] = expand(name);
    element.ns = std::move(ns);
    element.name = std::move(local);
    element.qname = std::move(qname);
    element.text_at = text_at;
    element.offset = offset;
    element.text_offset = offset;
    for (const XML_Char** attribute = attributes; *attribute != nullptr; attribute += 2) {
      auto [attribute_ns, attribute_name, ignored] = expand(attribute[0]);
      element.attributes.push_back({std::move(attribute_ns), std::move(attribute_name), attribute[1]});
    }
  }

  static void XMLCALL on_end(void* user_data, const XML_Char* /*name*/) {
    XmlTreeReader& reader = self(user_data);
    if (reader.error_ || reader.open_.empty()) return;
    XmlElement element = std::move(reader.open_.back());
    reader.open_.pop_back();
    if (reader.open_.empty()) {
      reader.root_ = std::move(element);
    } else {
      reader.open_.back().children.push_back(std::move(element));
    }
  }

  // expat hands character data over in runs (UTF-8 whatever the input's encoding); leading white
  // space is ASCII, one byte in every encoding read, so the first non-blank character's offset is
  // where the run is reported plus the blanks skipped.
  static void XMLCALL on_text(void* user_data, const XML_Char* data, int length) {
    XmlTreeReader& reader = self(user_data);
    if (reader.error_ || reader.open_.empty()) return;
    XmlElement& element = reader.open_.back();
    const std::string_view run(data, static_cast<std::size_t>(length));
    if (element.text_offset == element.offset) {
      const auto first = std::find_if_not(run.begin(), run.end(), news_text::is_space);
      if (first != run.end()) element.text_offset = reader.byte_index() + static_cast<std::size_t>(first - run.begin());
    }
    element.text += run;
  }

  static void XMLCALL on_cdata_start(void* user_data) {
    XmlTreeReader& reader = self(user_data);
    reader.cdata_offset_ = reader.byte_index();
  }

  // An undeclared entity that is not an error to expat because the DOCTYPE names an external DTD
  // (which is never read): as undefined as without one.
  static void XMLCALL on_skipped_entity(void* user_data, const XML_Char* name, int /*is_parameter_entity*/) {
    XmlTreeReader& reader = self(user_data);
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

}  // namespace

const std::string* XmlElement::attribute(std::string_view local_name) const {
  for (const auto& entry : attributes) {
    if (entry.ns.empty() && entry.name == local_name) return &entry.value;
  }
  return nullptr;
}

std::string XmlElement::all_text() const {
  std::string out;
  std::size_t from = 0;
  for (const auto& child : children) {
    out.append(text, from, child.text_at - from);
    out += ' ';
    out += child.all_text();
    out += ' ';
    from = child.text_at;
  }
  out.append(text, from);
  return out;
}

XmlDocument::XmlDocument(std::string_view text, std::string label)
    : text_(text), label_(std::move(label)), root_(XmlTreeReader(text_, label_).read()) {}

void XmlDocument::fail_at(std::size_t offset, const std::string& message) const {
  fail_in(text_, label_, offset, message);
}

std::string XmlDocument::where(std::size_t offset) const {
  const auto [line, column] = news_text::location_of(text_, offset);
  return fmt::format("{}:{}", line, column);
}

void XmlDocument::require_text_only(const XmlElement& element) const {
  if (element.children.empty()) return;
  const XmlElement& child = element.children.front();
  fail_at(child.offset,
          fmt::format("<{}> contains the element <{}>: escape markup or wrap it in CDATA", element.qname, child.qname));
}

const XmlElement* XmlDocument::once(const XmlElement& element, const XmlElement* seen, std::string_view parent) const {
  if (seen != nullptr) fail_at(element.offset, fmt::format("second <{}> in one <{}>", element.qname, parent));
  return &element;
}

}  // namespace mp::data
