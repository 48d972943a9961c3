<?xml version="1.0" encoding="UTF-8"?>
<!--
  core-dates.xsl: JATS dates -> numbers, ISO dates and the journal's date formats; the history line.
  Input:  JATS date elements (day/month/year children or @iso-8601-date); the house style's date formats
          (XPath format-date pictures) and history words ($f:style, core.xsl).
  Output: strings: "2023-06-13", "2023/06/13", "09 May 2023", "13.06.2023" (as the journal's formats say),
          "Received 09 May 2023; <the journal's words> 16 May 2023; accepted 30 May 2023."; and which publication
          dates an article prints ($f:publication-day, $f:shown-epub-date), one rule for the web page and the PDF.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <!-- Year, month (1-12) and day of a JATS date as far as it gives them: (2023, 7) for July 2023. -->
  <xsl:function name="f:date-parts" as="xs:integer*">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="iso" select="string($d/@iso-8601-date)"/>
    <xsl:variable name="y" select="(normalize-space($d/year)[matches(., '^\d{4}$')], substring($iso, 1, 4)[matches(., '^\d{4}$')])[1]"/>
    <xsl:variable name="m" select="(normalize-space($d/month)[matches(., '^\d{1,2}$')], substring($iso, 6, 2)[matches(., '^\d{2}$')])[1]"/>
    <xsl:variable name="day" select="(normalize-space($d/day)[matches(., '^\d{1,2}$')], substring($iso, 9, 2)[matches(., '^\d{2}$')])[1]"/>
    <xsl:if test="$y">
      <xsl:sequence select="xs:integer($y)"/>
      <xsl:if test="$m">
        <xsl:sequence select="xs:integer($m)"/>
        <xsl:if test="$day"><xsl:sequence select="xs:integer($day)"/></xsl:if>
      </xsl:if>
    </xsl:if>
  </xsl:function>

  <!-- "2023-06-13", "2023-07", "2023" (ISO 8601 as far as the date goes). -->
  <xsl:function name="f:iso" as="xs:string">
    <xsl:param name="p" as="xs:integer*"/>
    <xsl:sequence select="string-join((format-number($p[1], '0000'), $p[position() gt 1] ! format-number(., '00')), '-')"/>
  </xsl:function>

  <xsl:function name="f:iso-date" as="xs:string?">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="p" select="f:date-parts($d)"/>
    <xsl:sequence select="if (exists($p)) then f:iso($p) else ()"/>
  </xsl:function>

  <!-- yyyy-mm-dd of a JATS date with a day, else (). -->
  <xsl:function name="f:iso-day" as="xs:string?">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="p" select="f:date-parts($d)"/>
    <xsl:sequence select="if (count($p) = 3) then f:iso($p) else ()"/>
  </xsl:function>

  <!-- "2023/06/13" (Highwire citation_*_date), as far as the date goes. -->
  <xsl:function name="f:slash-date" as="xs:string?">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="iso" select="f:iso-date($d)"/>
    <xsl:sequence select="if ($iso) then translate($iso, '-', '/') else ()"/>
  </xsl:function>

  <!-- A date in one of the journal's formats (house style "dates": full, month, publication), in the article's
       language: the month format for a date without its day, the year for a year alone; the text of the date
       when it has no numeric parts. -->
  <xsl:function name="f:date-in" as="xs:string">
    <xsl:param name="d" as="element()?"/>
    <xsl:param name="format" as="xs:string"/>
    <xsl:variable name="p" select="f:date-parts($d)"/>
    <xsl:choose>
      <xsl:when test="count($p) = 3"><xsl:sequence select="f:format-iso(f:iso($p), $format)"/></xsl:when>
      <xsl:when test="count($p) = 2">
        <xsl:sequence select="format-date(xs:date(f:iso(($p, 1))), $f:style?dates?month, $language-code, (), ())"/>
      </xsl:when>
      <xsl:when test="count($p) = 1"><xsl:sequence select="string($p)"/></xsl:when>
      <xsl:otherwise><xsl:sequence select="normalize-space(string-join($d//text(), ' '))"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- An ISO date (yyyy-mm-dd) in one of the journal's formats. -->
  <xsl:function name="f:format-iso" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:param name="format" as="xs:string"/>
    <xsl:sequence select="format-date(xs:date($iso), $f:style?dates?($format), $language-code, (), ())"/>
  </xsl:function>

  <!-- The dates both pages print under the history line. The publication date is the issue's date (parameter
       issue-date, from the issue build), else the article's collection date as far as it goes ("2023-07"). An Epub
       date is printed only when it has its day and is not that issue date: the enrich stage gives an article
       without an Epub the issue's date, which is then printed once, as the publication date. -->
  <xsl:variable name="f:issue-day" as="xs:string?" select="$issue-date[matches(., '^\d{4}-\d{2}-\d{2}$')]"/>

  <xsl:variable name="f:publication-day" as="xs:string?" select="($f:issue-day, f:iso-date($collection-date))[1]"/>
  <xsl:variable name="f:shown-epub-date" as="element()?" select="$epub-date[f:iso-day(.)][not(f:iso-day(.) = $f:issue-day)]"/>

  <!-- A date given as ISO (yyyy, yyyy-mm or yyyy-mm-dd) in one of the journal's formats, as far as it goes. -->
  <xsl:function name="f:format-partial-iso" as="xs:string">
    <xsl:param name="iso" as="xs:string"/>
    <xsl:param name="format" as="xs:string"/>
    <xsl:sequence select="if (matches($iso, '^\d{4}-\d{2}-\d{2}$')) then f:format-iso($iso, $format)
                          else if (matches($iso, '^\d{4}-\d{2}$'))
                          then format-date(xs:date($iso || '-01'), $f:style?dates?month, $language-code, (), ())
                          else $iso"/>
  </xsl:function>

  <!-- "Received 09 May 2023; ...; accepted 30 May 2023.": every dated history date, in the JATS order, with the
       journal's words for its type, joined and ended as the journal does (house style: history-line). -->
  <xsl:function name="f:history-line" as="xs:string?">
    <xsl:param name="history" as="element()?"/>
    <xsl:variable name="items" as="xs:string*">
      <xsl:for-each select="$history/date[exists(f:date-parts(.))]">
        <xsl:variable name="type" select="string((@date-type, 'date')[1])"/>
        <xsl:sequence select="($f:style?history?($type), replace($type, '-', ' '))[1] || ' ' || f:date-in(., 'full')"/>
      </xsl:for-each>
    </xsl:variable>
    <xsl:variable name="line" select="string-join($items, ($f:style?history-line?separator, '; ')[1])"/>
    <xsl:sequence select="if ($line) then upper-case(substring($line, 1, 1)) || substring($line, 2)
                          || ($f:style?history-line?end, '.')[1] else ()"/>
  </xsl:function>

</xsl:stylesheet>
