#pragma once
// An XML document as the feed readers see it: expat (Debian libexpat1-dev) parses, and
// XmlDocument keeps a small tree of the elements, attributes and character data, with byte
// offsets for messages "file:line:column: ...".
//
// Read: UTF-8 (the default), US-ASCII and ISO-8859-1, which expat decodes itself, and
// windows-1252 (also "cp1252"; "ascii" and "latin1" as aliases), taught to expat through its
// unknown-encoding handler with a 256-entry byte map. Text reaches the tree as UTF-8 whatever the
// input's encoding. Namespaces are resolved (expat's namespace processing): an element is known
// by its namespace URI and local name, not by its prefix, and a prefix without its xmlns
// declaration is an error. Refused (each an InputError): other declared encodings (the message
// names it), UTF-16/32 text, a DOCTYPE internal subset (and so the entities it would define:
// &nbsp; and other HTML entities are undefined in XML), nesting deeper than 64, and everything
// expat finds not well-formed.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace mp::data {

struct XmlAttribute {
  std::string ns;    // namespace URI, "" for an unprefixed attribute
  std::string name;  // local name
  std::string value;
};

struct XmlElement {
  std::string ns;     // namespace URI, "" for none
  std::string name;   // local name
  std::string qname;  // as written ("dc:date"): what messages show
  std::vector<XmlAttribute> attributes;
  std::vector<XmlElement> children;
  std::string text;             // character data directly inside (CDATA included), decoded to UTF-8
  std::size_t text_at = 0;      // how much of the parent's `text` came before this element
  std::size_t offset = 0;       // byte offset of its '<'
  std::size_t text_offset = 0;  // byte offset of its first non-blank character data (offset if none)

  [[nodiscard]] bool is(std::string_view namespace_uri, std::string_view local_name) const {
    return ns == namespace_uri && name == local_name;
  }
  // The value of an attribute without a namespace (as attributes of feed elements are), or null.
  [[nodiscard]] const std::string* attribute(std::string_view local_name) const;
  // Its character data and its descendants', in document order, a space where an element starts
  // or ends (mixed content such as Atom's XHTML).
  [[nodiscard]] std::string all_text() const;
};

class XmlDocument {
 public:
  // Parses `text`, which must outlive the document (messages locate offsets in it); `label`
  // names the input in messages. Throws InputError.
  XmlDocument(std::string_view text, std::string label);

  [[nodiscard]] const XmlElement& root() const { return root_; }
  [[nodiscard]] const std::string& label() const { return label_; }
  // InputError "label:line:column: message" at a byte offset of the text.
  [[noreturn]] void fail_at(std::size_t offset, const std::string& message) const;
  // "line:column" of a byte offset.
  [[nodiscard]] std::string where(std::size_t offset) const;

  // Checks for elements that hold text: no child element (markup must be escaped or in CDATA),
  // and the child seen once in its parent (`seen` is the earlier one of its kind, or null).
  // Return `element` so a reader can write `title = once(child, title, "item")`.
  void require_text_only(const XmlElement& element) const;
  const XmlElement* once(const XmlElement& element, const XmlElement* seen, std::string_view parent) const;

 private:
  std::string_view text_;
  std::string label_;
  XmlElement root_;
};

}  // namespace mp::data
