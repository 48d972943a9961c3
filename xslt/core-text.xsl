<?xml version="1.0" encoding="UTF-8"?>
<!--
  core-text.xsl: words and text: the journal's words (house style), an element's plain text, labels, the JATS
  inline elements as HTML phrasing content, and the proof's author-query flags.
  Input:  any JATS node (JATS 1.x / NLM 3, no namespace; MathML in the mml namespace); $f:style (core.xsl).
  Output: functions returning strings, and (default mode) HTML for bold, italic, sub, sup ...

  Safety: manuscript text is only ever written as text nodes or attribute values (the serializer escapes it).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- ===== the journal's words -->

  <!-- A word of the house style ("keywords", "cite_as" ...): the page's own where the journal prints it otherwise. -->
  <xsl:function name="f:word" as="xs:string">
    <xsl:param name="key" as="xs:string"/>
    <xsl:sequence select="string(($f:style?words?($key), $key)[1])"/>
  </xsl:function>

  <!-- The heading of a back-matter statement by its fn-type (house style: statements), or (). -->
  <xsl:function name="f:statement-heading" as="xs:string?">
    <xsl:param name="fn-type" as="xs:string?"/>
    <xsl:sequence select="$f:style?statements?(string($fn-type))"/>
  </xsl:function>

  <!-- The heading of the key-points box: its own title, else the journal's (house style). -->
  <xsl:function name="f:key-points-title" as="item()*">
    <xsl:param name="abstract" as="element()"/>
    <xsl:choose>
      <xsl:when test="$abstract/title[normalize-space()]"><xsl:apply-templates select="$abstract/title/node()"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="$f:style?key-points?title"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- "executive-summary" -> "Executive summary". -->
  <xsl:function name="f:words" as="xs:string">
    <xsl:param name="token" as="xs:string?"/>
    <xsl:variable name="w" select="replace(normalize-space($token), '[-_]+', ' ')"/>
    <xsl:sequence select="upper-case(substring($w, 1, 1)) || substring($w, 2)"/>
  </xsl:function>

  <!-- ===== text -->

  <!-- A label followed by the separator the journal prints ("Table 1." / "Figure 1."), unless it ends in one. -->
  <xsl:function name="f:label-text" as="xs:string">
    <xsl:param name="label" as="element()?"/>
    <xsl:variable name="l" select="normalize-space($label)"/>
    <xsl:sequence select="if ($l = '' or matches($l, '[.:]$')) then $l else $l || '.'"/>
  </xsl:function>

  <!-- The first sentence of a text: up to the first ., ! or ? followed by a capital or an opening bracket. -->
  <xsl:function name="f:first-sentence" as="xs:string">
    <xsl:param name="s" as="xs:string?"/>
    <xsl:variable name="t" select="normalize-space($s)"/>
    <xsl:sequence select="if (matches($t, '^.*?[.!?]\s+[\p{Lu}(\[]'))
                          then replace($t, '^(.*?[.!?])\s+[\p{Lu}(\[].*$', '$1')
                          else $t"/>
  </xsl:function>

  <!-- Text of an element for attributes and meta tags, ignoring footnote and citation markers. -->
  <xsl:function name="f:plain" as="xs:string">
    <xsl:param name="e" as="node()*"/>
    <xsl:variable name="parts" as="xs:string*">
      <xsl:apply-templates select="$e" mode="plain"/>
    </xsl:variable>
    <xsl:sequence select="normalize-space(string-join($parts, ''))"/>
  </xsl:function>

  <xsl:template match="text()" mode="plain"><xsl:sequence select="string(.)"/></xsl:template>
  <xsl:template match="xref[@ref-type = ('bibr', 'fn', 'table-fn', 'aff', 'corresp')] | fn | object-id | label[parent::fig or parent::table-wrap]
                       | alt-text | mml:annotation | mml:annotation-xml | processing-instruction()" mode="plain"/>
  <xsl:template match="sec/title" mode="plain">
    <xsl:apply-templates mode="plain"/>
    <xsl:sequence select="if (matches(normalize-space(.), '[.:?!]$')) then ' ' else ': '"/>
  </xsl:template>
  <xsl:template match="p | title | sec | list-item" mode="plain">
    <xsl:apply-templates mode="plain"/>
    <xsl:sequence select="' '"/>
  </xsl:template>

  <!-- Text of nodes as it stands, whitespace collapsed, without what is not read (alt-text, MathML annotations). -->
  <xsl:function name="f:text" as="xs:string">
    <xsl:param name="n" as="node()*"/>
    <xsl:sequence select="normalize-space(string-join($n ! (descendant-or-self::text()[not(ancestor::alt-text or ancestor::mml:annotation
                          or ancestor::mml:annotation-xml)]), ''))"/>
  </xsl:function>

  <!-- ===== inline elements (default mode) -->

  <xsl:template match="bold"><b><xsl:apply-templates/></b></xsl:template>
  <xsl:template match="italic"><i><xsl:apply-templates/></i></xsl:template>
  <xsl:template match="sup"><sup><xsl:apply-templates/></sup></xsl:template>
  <xsl:template match="sub"><sub><xsl:apply-templates/></sub></xsl:template>
  <xsl:template match="underline"><u><xsl:apply-templates/></u></xsl:template>
  <xsl:template match="strike"><s><xsl:apply-templates/></s></xsl:template>
  <xsl:template match="monospace"><code><xsl:apply-templates/></code></xsl:template>
  <xsl:template match="sc"><span class="sc"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="overline"><span class="overline"><xsl:apply-templates/></span></xsl:template>
  <xsl:template match="roman | sans-serif | styled-content | named-content | city | state | country
                       | institution | addr-line | ruby | chem-struct | abbrev[not(@xlink:href)]">
    <span><xsl:apply-templates/></span>
  </xsl:template>
  <xsl:template match="break"><br/></xsl:template>
  <xsl:template match="target">
    <span>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <!-- Nothing of these is shown in running text. -->
  <xsl:template match="object-id | alt-text | long-desc | processing-meta | x[not(normalize-space())]"/>

  <!-- Anything else keeps its text. -->
  <xsl:template match="label | title | caption"><xsl:apply-templates/></xsl:template>

  <!-- ===== author-query markers (proofs only: pipeline/render/pdf_queries.py marks its private copy with them).
       An empty marker, out of the flow (templates/proof.css), at the place the query concerns: the proof draws
       its flag in the margin beside that line (pipeline/render/pdf_lines.py). -->

  <xsl:template match="processing-instruction('pipeline-query')">
    <span class="query-mark" id="qm{normalize-space(.)}"></span>
  </xsl:template>

  <!-- The flags that are children of elements whose content is printed some other way (an element's own flags
       when its children are chosen one by one). -->
  <xsl:template name="f:flags">
    <xsl:param name="of" as="node()*" select="."/>
    <xsl:apply-templates select="$of/processing-instruction('pipeline-query')"/>
  </xsl:template>

  <!-- The flags anywhere inside elements printed as computed text (names, dates, affiliations). -->
  <xsl:template name="f:all-flags">
    <xsl:param name="of" as="node()*" select="."/>
    <xsl:apply-templates select="$of//processing-instruction('pipeline-query')"/>
  </xsl:template>

</xsl:stylesheet>
