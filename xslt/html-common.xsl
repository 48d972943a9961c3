<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-common.xsl: the functions and inline mappings every part of the HTML page uses.
  Input:  any JATS node (JATS 1.x / NLM 3, no namespace; MathML in the mml namespace).
  Output: functions returning strings (safe link targets, dates, names, labels) and, in the
          default mode, HTML phrasing content for JATS inline elements (bold, italic, links, ...).
  Included by jats-to-html.xsl; it is not a stylesheet of its own.

  Safety: manuscript text is only ever written as text nodes or attribute values (the serializer
  escapes it); a link target is written only when f:safe-href accepts it (http, https, mailto).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:ali="http://www.niso.org/schemas/ali/1.0/"
    xmlns:f="urn:x-pipeline:html-functions"
    exclude-result-prefixes="#all">

  <!-- ===== links -->

  <!-- The target of a link from the manuscript, or () when it is not an http, https or mailto URL.
       "www.example.org" is read as https; anything else (javascript:, data:, relative paths) gives (). -->
  <xsl:function name="f:safe-href" as="xs:string?">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:variable name="h" select="normalize-space($href)"/>
    <xsl:choose>
      <xsl:when test="matches($h, '^(https?://|mailto:)[^\s&lt;&gt;&quot;]+$', 'i')">
        <xsl:sequence select="iri-to-uri($h)"/>
      </xsl:when>
      <xsl:when test="matches($h, '^www\.[^\s&lt;&gt;&quot;/:]+\.[^\s&lt;&gt;&quot;]+$', 'i')">
        <xsl:sequence select="iri-to-uri('https://' || $h)"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- https://doi.org/ URL of a DOI (a bare DOI, "doi:..." or a doi.org URL). -->
  <xsl:function name="f:doi-url" as="xs:string?">
    <xsl:param name="doi" as="xs:string?"/>
    <xsl:variable name="d" select="f:bare-doi($doi)"/>
    <xsl:sequence select="if ($d) then 'https://doi.org/' || f:encode-path($d) else ()"/>
  </xsl:function>

  <xsl:function name="f:bare-doi" as="xs:string?">
    <xsl:param name="doi" as="xs:string?"/>
    <xsl:variable name="d" select="replace(normalize-space($doi), '^(doi:\s*|https?://(dx\.)?doi\.org/)', '', 'i')"/>
    <xsl:sequence select="if (matches($d, '^10\.\d+/\S+$')) then $d else ()"/>
  </xsl:function>

  <!-- Percent-encode what may not stand in a URL path, keeping "/" (DOIs and file names). -->
  <xsl:function name="f:encode-path" as="xs:string">
    <xsl:param name="s" as="xs:string"/>
    <xsl:sequence select="string-join(for $part in tokenize($s, '/') return encode-for-uri($part), '/')"/>
  </xsl:function>

  <!-- https://orcid.org/ URL of an ORCID iD given as a URL or bare, or () when it is not one. -->
  <xsl:function name="f:orcid-url" as="xs:string?">
    <xsl:param name="id" as="xs:string?"/>
    <xsl:variable name="m" select="analyze-string(normalize-space($id), '(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$')"/>
    <xsl:sequence select="if ($m/*:match) then 'https://orcid.org/' || string($m/*:match[1]) else ()"/>
  </xsl:function>

  <xsl:function name="f:pubmed-url" as="xs:string?">
    <xsl:param name="pmid" as="xs:string?"/>
    <xsl:sequence select="if (matches(normalize-space($pmid), '^\d+$'))
                          then 'https://pubmed.ncbi.nlm.nih.gov/' || normalize-space($pmid) || '/' else ()"/>
  </xsl:function>

  <!-- The src of a figure file: figures/ plus the file's own name (never a path or a URL). -->
  <xsl:function name="f:figure-src" as="xs:string">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:sequence select="'figures/' || encode-for-uri(tokenize(normalize-space($href), '[/\\]')[last()])"/>
  </xsl:function>

  <!-- ===== dates -->

  <!-- A JATS date (day/month/year children or @iso-8601-date) as an xs:date, or () when it has no full date. -->
  <xsl:function name="f:date-value" as="xs:date?">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="y" select="normalize-space($d/year)"/>
    <xsl:variable name="m" select="normalize-space($d/month)"/>
    <xsl:variable name="day" select="normalize-space($d/day)"/>
    <xsl:choose>
      <xsl:when test="matches($y, '^\d{4}$') and matches($m, '^\d{1,2}$') and matches($day, '^\d{1,2}$')">
        <xsl:sequence select="xs:date($y || '-' || format-number(xs:integer($m), '00') || '-'
                              || format-number(xs:integer($day), '00'))"/>
      </xsl:when>
      <xsl:when test="matches($d/@iso-8601-date, '^\d{4}-\d{2}-\d{2}$')">
        <xsl:sequence select="xs:date($d/@iso-8601-date)"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="()"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

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

  <!-- "09 May 2023", "July 2023", "2023"; the text of the date when it has no numeric parts. -->
  <xsl:function name="f:date-words" as="xs:string">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="p" select="f:date-parts($d)"/>
    <xsl:choose>
      <xsl:when test="count($p) = 3">
        <xsl:sequence select="format-date(xs:date(f:iso($p)), '[D01] [MNn] [Y0001]', 'en', (), ())"/>
      </xsl:when>
      <xsl:when test="count($p) = 2">
        <xsl:sequence select="format-date(xs:date(f:iso(($p, 1))), '[MNn] [Y0001]', 'en', (), ())"/>
      </xsl:when>
      <xsl:when test="count($p) = 1"><xsl:sequence select="string($p)"/></xsl:when>
      <xsl:otherwise><xsl:sequence select="normalize-space(string-join($d//text(), ' '))"/></xsl:otherwise>
    </xsl:choose>
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

  <!-- "2023/06/13" (Highwire citation_*_date), as far as the date goes. -->
  <xsl:function name="f:slash-date" as="xs:string?">
    <xsl:param name="d" as="element()?"/>
    <xsl:variable name="iso" select="f:iso-date($d)"/>
    <xsl:sequence select="if ($iso) then translate($iso, '-', '/') else ()"/>
  </xsl:function>

  <!-- ===== names -->

  <!-- Lower-case words that belong to a surname (as pipeline/names.py PARTICLES). -->
  <xsl:variable name="f:particles" as="xs:string*" select="('de', 'da', 'das', 'do', 'dos', 'du', 'del', 'della',
      'der', 'den', 'van', 'von', 'ter', 'ten', 'la', 'le', 'di', 'bin', 'ibn', 'al', 'el', 'y')"/>

  <!-- AMA initials, the same rules as pipeline/names.py initials(): 'Matthew C.' -> 'MC', 'KJ' -> 'KJ'. -->
  <xsl:function name="f:initials" as="xs:string">
    <xsl:param name="given" as="xs:string?"/>
    <xsl:variable name="text" select="normalize-unicode(normalize-space($given), 'NFC')"/>
    <xsl:variable name="compact" select="replace($text, '[\s.\-‐–]', '')"/>
    <xsl:choose>
      <xsl:when test="$text = ''"><xsl:sequence select="''"/></xsl:when>
      <xsl:when test="matches($compact, '^\p{L}+$') and $compact = upper-case($compact)
                      and $compact != lower-case($compact)">
        <xsl:sequence select="$compact"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="string-join(
            for $p in tokenize($text, '[\s\-‐–.]+') ! replace(., '^[''’()]+|[''’()]+$', '')
            return if ($p = '' or ($p = lower-case($p) and $p = $f:particles)) then ()
                   else upper-case(substring($p, 1, 1)), '')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A name in AMA form: "Venkatesh SK", "Talbot CC Jr"; a string-name without parts as written. -->
  <xsl:function name="f:ama-name" as="xs:string">
    <xsl:param name="n" as="element()"/>
    <xsl:choose>
      <xsl:when test="$n/surname">
        <xsl:sequence select="string-join((normalize-space($n/surname), f:initials($n/given-names)[. != ''],
                              normalize-space($n/suffix)[. != ''] ! replace(., '\.$', '')), ' ')"/>
      </xsl:when>
      <xsl:otherwise><xsl:sequence select="normalize-space($n)"/></xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- A name as people read it: "Sudhakar K. Venkatesh"; eastern name-style keeps surname first. -->
  <xsl:function name="f:display-name" as="xs:string">
    <xsl:param name="n" as="element()?"/>
    <xsl:variable name="given" select="normalize-space($n/given-names)"/>
    <xsl:variable name="sur" select="normalize-space($n/surname)"/>
    <xsl:choose>
      <xsl:when test="not($n/surname)"><xsl:sequence select="normalize-space($n)"/></xsl:when>
      <xsl:when test="$n/@name-style = 'eastern'">
        <xsl:sequence select="string-join(($sur, $given)[. != ''], ' ')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:sequence select="string-join(($n/prefix, $given, $sur, $n/suffix) ! normalize-space(.)[. != ''], ' ')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:function>

  <!-- "Venkatesh, Sudhakar K." (Highwire citation_author). -->
  <xsl:function name="f:inverted-name" as="xs:string">
    <xsl:param name="n" as="element()?"/>
    <xsl:sequence select="if ($n/surname)
                          then string-join((normalize-space($n/surname), normalize-space($n/given-names)[. != '']), ', ')
                          else normalize-space($n)"/>
  </xsl:function>

  <!-- The author's name element, or the collaboration's name (without its member list). -->
  <xsl:function name="f:contrib-name" as="xs:string">
    <xsl:param name="c" as="element(contrib)"/>
    <xsl:variable name="n" select="($c/name, $c/name-alternatives/name, $c/string-name)[1]"/>
    <xsl:sequence select="if ($n) then f:display-name($n)
                          else normalize-space(string-join($c/collab/(text() | * except contrib-group)/string(), ''))"/>
  </xsl:function>

  <!-- ===== labels and captions -->

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
                       | alt-text | mml:annotation | mml:annotation-xml" mode="plain"/>
  <xsl:template match="sec/title" mode="plain">
    <xsl:apply-templates mode="plain"/>
    <xsl:sequence select="if (matches(normalize-space(.), '[.:?!]$')) then ' ' else ': '"/>
  </xsl:template>
  <xsl:template match="p | title | sec | list-item" mode="plain">
    <xsl:apply-templates mode="plain"/>
    <xsl:sequence select="' '"/>
  </xsl:template>

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

  <!-- A link: the text always stays; the href only when it is safe. -->
  <xsl:template name="f:link">
    <xsl:param name="href" as="xs:string?"/>
    <xsl:param name="class" as="xs:string?" select="()"/>
    <xsl:param name="content" as="item()*"/>
    <xsl:variable name="safe" select="f:safe-href($href)"/>
    <xsl:choose>
      <xsl:when test="$safe">
        <a href="{$safe}">
          <xsl:if test="$class"><xsl:attribute name="class" select="$class"/></xsl:if>
          <xsl:sequence select="$content"/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{string-join(('unlinked', $class), ' ')}"><xsl:sequence select="$content"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="ext-link | uri | self-uri[normalize-space()] | abbrev[@xlink:href] | related-article[@xlink:href]">
    <xsl:variable name="raw" select="string((@xlink:href, .)[1])"/>
    <xsl:call-template name="f:link">
      <xsl:with-param name="href" select="if (@ext-link-type = 'doi' or (f:bare-doi($raw) and not(matches($raw, '^https?:', 'i'))))
                                          then f:doi-url($raw)
                                          else if (@ext-link-type = 'pmid') then f:pubmed-url($raw)
                                          else $raw"/>
      <xsl:with-param name="content" as="item()*">
        <xsl:apply-templates/>
        <xsl:if test="not(node())"><xsl:value-of select="$raw"/></xsl:if>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <xsl:template match="email">
    <xsl:variable name="addr" select="normalize-space((@xlink:href, .)[1])"/>
    <xsl:call-template name="f:link">
      <xsl:with-param name="href" select="if (matches($addr, '^[^\s@:/?#]+@[^\s@:/?#]+$')) then 'mailto:' || $addr else ()"/>
      <xsl:with-param name="class" select="'email'"/>
      <xsl:with-param name="content" as="item()*"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- pub-id inside running text or a mixed citation: a link where it is a DOI or a PubMed id. -->
  <xsl:template match="pub-id">
    <xsl:variable name="url" select="if (@pub-id-type = 'doi') then f:doi-url(.)
                                     else if (@pub-id-type = 'pmid') then f:pubmed-url(.) else ()"/>
    <xsl:call-template name="f:link">
      <xsl:with-param name="href" select="$url"/>
      <xsl:with-param name="content" as="item()*"><xsl:apply-templates/></xsl:with-param>
    </xsl:call-template>
  </xsl:template>

  <!-- Nothing of these is shown in running text. -->
  <xsl:template match="object-id | alt-text | long-desc | processing-meta | x[not(normalize-space())]"/>

</xsl:stylesheet>
