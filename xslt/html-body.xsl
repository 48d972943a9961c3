<?xml version="1.0" encoding="UTF-8"?>
<!--
  html-body.xsl: the article's text: sections, paragraphs, lists, quotes, boxes, footnotes,
  cross-references and the back matter other than the reference list.
  Input:  body, back and floats-group of a JATS article (and the sec/p inside abstracts).
  Output: (default mode) HTML flow content: <section id> with h2/h3/h4... by nesting depth, <p>,
          <ul>/<ol>, <dl>, <blockquote>, <aside>, footnote lists, and <a href="#id"> for each xref.
          Citation xrefs get an id ("cite-N", N counting them through the article) so that the
          reference list can link back to them; a citation of several references links to the first
          and lists them all in data-rids.
          Tables, figures and formulas are in html-display.xsl, the reference list in html-refs.xsl.
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink"
    xmlns:mml="http://www.w3.org/1998/Math/MathML"
    xmlns:f="urn:x-pipeline:html-functions"
    exclude-result-prefixes="#all">

  <!-- Elements that are blocks in HTML: a JATS <p> holding one is split around it (HTML <p> cannot hold them). -->
  <xsl:variable name="f:block-names" as="xs:string*" select="('list', 'def-list', 'table-wrap', 'table-wrap-group',
      'fig', 'fig-group', 'disp-formula', 'disp-formula-group', 'disp-quote', 'boxed-text', 'preformat', 'code',
      'supplementary-material', 'statement', 'speech', 'verse-group', 'array', 'graphic', 'media', 'chem-struct-wrap',
      'p', 'sec', 'table', 'alternatives', 'question-wrap', 'answer', 'explanation', 'question')"/>

  <xsl:function name="f:is-block" as="xs:boolean">
    <xsl:param name="n" as="node()"/>
    <xsl:sequence select="$n instance of element() and local-name($n) = $f:block-names and namespace-uri($n) = ''"/>
  </xsl:function>

  <!-- h2 for a top-level section of the body or back, h3 inside an abstract or below, at most h6. -->
  <xsl:function name="f:heading-level" as="xs:integer">
    <xsl:param name="e" as="element()"/>
    <xsl:variable name="inside" select="if ($e/ancestor::abstract or $e/ancestor::trans-abstract or $e/ancestor::boxed-text
                                             or $e/ancestor::ack) then 1 else 0"/>
    <xsl:sequence select="min((6, 2 + $inside + count($e/ancestor::sec) + count($e/ancestor::app)
                                 + count($e/ancestor::app-group)))"/>
  </xsl:function>

  <xsl:template name="f:heading">
    <xsl:param name="level" as="xs:integer" select="f:heading-level(.)"/>
    <xsl:param name="default" as="xs:string?" select="()"/>
    <xsl:if test="title[normalize-space()] or label or $default">
      <xsl:element name="h{$level}">
        <xsl:if test="label">
          <span class="label"><xsl:apply-templates select="label/node()"/></span>
          <xsl:text> </xsl:text>
        </xsl:if>
        <xsl:choose>
          <xsl:when test="title[normalize-space()]"><xsl:apply-templates select="title[1]/node()"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$default"/></xsl:otherwise>
        </xsl:choose>
      </xsl:element>
    </xsl:if>
  </xsl:template>

  <!-- ===== sections ===== -->

  <xsl:template match="body">
    <div class="article-body">
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="sec | app">
    <section>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="@sec-type"><xsl:attribute name="class" select="'sec-' || replace(normalize-space(@sec-type), '[^A-Za-z0-9_-]+', '-')"/></xsl:if>
      <xsl:call-template name="f:heading"/>
      <xsl:apply-templates select="* except (label, title, sec-meta)"/>
    </section>
  </xsl:template>

  <xsl:template match="back">
    <div class="article-back">
      <xsl:apply-templates select="* except ref-list"/>
      <xsl:call-template name="f:funding"/>
      <xsl:apply-templates select="ref-list"/>
    </div>
  </xsl:template>

  <xsl:template match="back/ack | back/notes | back/glossary | back/app-group | back/bio | back/sec/ack">
    <section class="{local-name()}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:heading">
        <xsl:with-param name="level" select="f:heading-level(.)"/>
        <xsl:with-param name="default" select="map{'ack': 'Acknowledgments', 'glossary': 'Abbreviations',
                                                   'app-group': 'Appendices', 'notes': 'Notes', 'bio': ''}(local-name())"/>
      </xsl:call-template>
      <xsl:apply-templates select="* except (label, title)"/>
    </section>
  </xsl:template>

  <!-- Floating tables and figures kept apart from the text. -->
  <xsl:template match="floats-group">
    <section class="floats">
      <h2>Figures and tables</h2>
      <xsl:apply-templates/>
    </section>
  </xsl:template>

  <!-- Parts of other articles (decision letters, author responses) are not part of this page. -->
  <xsl:template match="sub-article | response"/>

  <!-- ===== paragraphs ===== -->

  <xsl:template match="p">
    <xsl:choose>
      <xsl:when test="*[f:is-block(.)]">
        <xsl:for-each-group select="node()" group-adjacent="f:is-block(.)">
          <xsl:choose>
            <xsl:when test="current-grouping-key()"><xsl:apply-templates select="current-group()"/></xsl:when>
            <xsl:when test="normalize-space(string-join(current-group()!string(.), '')) or current-group()[self::*]">
              <p>
                <xsl:if test="position() = 1 and ../@id"><xsl:attribute name="id" select="../@id"/></xsl:if>
                <xsl:if test="position() gt 1"><xsl:attribute name="class" select="'continued'"/></xsl:if>
                <xsl:apply-templates select="current-group()"/>
              </p>
            </xsl:when>
          </xsl:choose>
        </xsl:for-each-group>
      </xsl:when>
      <xsl:otherwise>
        <p>
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <xsl:apply-templates/>
        </p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== lists ===== -->

  <xsl:template match="list">
    <xsl:variable name="type" select="string(@list-type)"/>
    <xsl:variable name="ordered" select="$type = ('order', 'alpha-lower', 'alpha-upper', 'roman-lower', 'roman-upper')"/>
    <xsl:if test="title or label">
      <p class="list-title"><xsl:apply-templates select="label/node(), title/node()"/></p>
    </xsl:if>
    <xsl:element name="{if ($ordered) then 'ol' else 'ul'}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:variable name="html-type" select="map{'alpha-lower': 'a', 'alpha-upper': 'A', 'roman-lower': 'i', 'roman-upper': 'I'}($type)"/>
      <xsl:if test="$html-type"><xsl:attribute name="type" select="$html-type"/></xsl:if>
      <xsl:if test="$type = 'simple' or list-item/label"><xsl:attribute name="class" select="'list-simple'"/></xsl:if>
      <xsl:apply-templates select="list-item"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list-item">
    <li>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label">
        <span class="list-label"><xsl:apply-templates select="label/node()"/></span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:choose>
        <!-- A single paragraph is the item's text itself. -->
        <xsl:when test="count(* except label) = 1 and p and not(p/*[f:is-block(.)])">
          <xsl:apply-templates select="p/node()"/>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates select="* except label"/></xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

  <xsl:template match="def-list">
    <xsl:if test="title"><p class="list-title"><xsl:apply-templates select="title/node()"/></p></xsl:if>
    <dl>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates select="def-item"/>
    </dl>
  </xsl:template>
  <xsl:template match="def-item">
    <xsl:apply-templates select="term, def"/>
  </xsl:template>
  <xsl:template match="term"><dt><xsl:apply-templates/></dt></xsl:template>
  <xsl:template match="def">
    <dd>
      <xsl:choose>
        <xsl:when test="count(*) = 1 and p and not(p/*[f:is-block(.)])"><xsl:apply-templates select="p/node()"/></xsl:when>
        <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
      </xsl:choose>
    </dd>
  </xsl:template>

  <!-- ===== other blocks ===== -->

  <xsl:template match="disp-quote">
    <blockquote>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:apply-templates select="* except attrib"/>
      <xsl:for-each select="attrib"><p class="attrib"><xsl:apply-templates/></p></xsl:for-each>
    </blockquote>
  </xsl:template>

  <xsl:template match="boxed-text">
    <aside class="boxed-text">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:choose>
        <xsl:when test="caption"><div class="box-title"><xsl:call-template name="f:caption"/></div></xsl:when>
        <xsl:when test="label or title">
          <p class="box-title">
            <xsl:if test="label"><span class="label"><xsl:value-of select="f:label-text(label)"/></span><xsl:text> </xsl:text></xsl:if>
            <xsl:apply-templates select="title/node()"/>
          </p>
        </xsl:when>
      </xsl:choose>
      <xsl:apply-templates select="* except (label, title, caption, attrib, permissions)"/>
    </aside>
  </xsl:template>

  <xsl:template match="preformat | code">
    <pre>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <code><xsl:apply-templates/></code>
    </pre>
  </xsl:template>

  <xsl:template match="statement | speech | verse-group | question-wrap | question | answer | explanation | chem-struct-wrap">
    <div class="{local-name()}">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label or title">
        <p class="block-title">
          <xsl:if test="label"><span class="label"><xsl:value-of select="f:label-text(label)"/></span><xsl:text> </xsl:text></xsl:if>
          <xsl:apply-templates select="title/node()"/>
        </p>
      </xsl:if>
      <xsl:apply-templates select="* except (label, title)"/>
    </div>
  </xsl:template>
  <xsl:template match="speaker"><b class="speaker"><xsl:apply-templates/></b><xsl:text> </xsl:text></xsl:template>
  <xsl:template match="verse-line"><span class="verse-line"><xsl:apply-templates/></span><br/></xsl:template>
  <xsl:template match="hr"><hr/></xsl:template>

  <!-- A footnote written inside the text: shown where it stands, set apart. -->
  <xsl:template match="p//fn | td//fn | th//fn">
    <span class="inline-fn">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:text>[</xsl:text>
      <xsl:for-each select="p">
        <xsl:if test="position() gt 1"><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </span>
  </xsl:template>

  <!-- ===== footnotes ===== -->

  <!-- A footnote group: under its own title, or by kind ("Conflict of interest disclosure", "Footnotes"). -->
  <xsl:template match="fn-group">
    <xsl:choose>
      <xsl:when test="title">
        <section class="fn-group">
          <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
          <xsl:call-template name="f:heading"/>
          <xsl:call-template name="f:fn-list"><xsl:with-param name="fns" select="fn"/></xsl:call-template>
        </section>
      </xsl:when>
      <xsl:otherwise>
        <xsl:variable name="level" select="f:heading-level(.)"/>
        <xsl:for-each-group select="fn" group-by="f:fn-kind(.)">
          <section class="fn-group">
            <xsl:element name="h{$level}"><xsl:value-of select="current-grouping-key()"/></xsl:element>
            <xsl:call-template name="f:fn-list"><xsl:with-param name="fns" select="current-group()"/></xsl:call-template>
          </section>
        </xsl:for-each-group>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:function name="f:fn-kind" as="xs:string">
    <xsl:param name="fn" as="element(fn)"/>
    <xsl:variable name="t" select="lower-case($fn/@fn-type)"/>
    <xsl:sequence select="if ($t = ('coi-statement', 'conflict')) then 'Conflict of interest disclosure'
                          else if ($t = 'financial-disclosure') then 'Financial disclosure'
                          else if ($t = ('supported-by', 'funding')) then 'Funding'
                          else if ($t = 'con') then 'Author contributions'
                          else if ($t = 'abbr') then 'Abbreviations'
                          else if ($t = 'data-availability') then 'Data availability'
                          else if ($t = 'ethics-statement') then 'Ethics statement'
                          else 'Footnotes'"/>
  </xsl:function>

  <xsl:template name="f:fn-list">
    <xsl:param name="fns" as="element(fn)*"/>
    <xsl:for-each select="$fns">
      <div class="fn">
        <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
        <xsl:if test="label"><sup class="fn-label"><xsl:apply-templates select="label/node()"/></sup><xsl:text> </xsl:text></xsl:if>
        <xsl:apply-templates select="* except label"/>
      </div>
    </xsl:for-each>
  </xsl:template>

  <!-- ===== cross-references ===== -->

  <xsl:template match="xref">
    <xsl:variable name="rids" select="tokenize(normalize-space(@rid), ' ')"/>
    <xsl:variable name="type" select="string((@ref-type, 'other')[1])"/>
    <xsl:choose>
      <xsl:when test="empty($rids)"><xsl:apply-templates/></xsl:when>
      <xsl:otherwise>
        <a href="#{$rids[1]}" class="xref xref-{replace($type, '[^A-Za-z0-9_-]+', '-')}">
          <xsl:if test="$type = 'bibr' and not(ancestor::sub-article)">
            <xsl:attribute name="id" select="f:cite-id(.)"/>
          </xsl:if>
          <xsl:if test="count($rids) gt 1"><xsl:attribute name="data-rids" select="string-join($rids, ' ')"/></xsl:if>
          <xsl:choose>
            <xsl:when test="node()"><xsl:apply-templates/></xsl:when>
            <xsl:otherwise>
              <xsl:variable name="target" select="key('f:by-id', $rids[1])[1]"/>
              <xsl:value-of select="(normalize-space($target/label)[. != ''], $rids[1])[1]"/>
            </xsl:otherwise>
          </xsl:choose>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:key name="f:by-id" match="*[@id]" use="string(@id)"/>

  <!-- The id of a citation xref: "cite-" and its place among the article's citations. -->
  <xsl:function name="f:cite-id" as="xs:string">
    <xsl:param name="xref" as="element(xref)"/>
    <xsl:sequence select="'cite-' || $cite-numbers(generate-id($xref))"/>
  </xsl:function>

  <!-- Anything else keeps its text. -->
  <xsl:template match="label | title | caption"><xsl:apply-templates/></xsl:template>

</xsl:stylesheet>
