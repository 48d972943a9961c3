<?xml version="1.0" encoding="UTF-8"?>
<!--
  core-blocks.xsl: the blocks of the text both pages print alike, and cross-references.
  Input:  list, def-list, disp-quote, boxed-text, preformat, code, statement and their kin, footnotes written
          inside a paragraph, xref.
  Output: (default mode) HTML: <ul>/<ol class="list list-TYPE">, <dl class="def-list">, <blockquote>,
          <aside class="boxed-text">, <pre class="preformat">, <a href="#id" class="xref xref-TYPE">.
  Sections and paragraphs are the layers' (the web page nests sections; the print layout cuts them into
  columns), as are the places the layers give an id to a citation (mode f:xref-id).
-->
<xsl:stylesheet version="3.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:f="urn:x-pipeline:writer"
    exclude-result-prefixes="#all">

  <xsl:key name="f:by-id" match="*[@id]" use="string(@id)"/>

  <!-- Elements that are blocks in HTML: an HTML <p> cannot hold them. -->
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

  <!-- A heading: the element's label and title, else the default words. -->
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
      <xsl:attribute name="class" select="string-join(('list', 'list-' || ($type[. != ''], 'bullet')[1],
                                                       'list-simple'[$type = 'simple' or current()/list-item/label]), ' ')"/>
      <xsl:apply-templates select="list-item"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="list-item">
    <li>
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:if test="label">
        <xsl:attribute name="class" select="'labelled'"/>
        <span class="list-label"><xsl:apply-templates select="label/node()"/></span>
        <xsl:text> </xsl:text>
      </xsl:if>
      <xsl:choose>
        <!-- A single paragraph is the item's text itself. -->
        <xsl:when test="count(* except label) = 1 and p and not(p/*[f:is-block(.)])">
          <xsl:apply-templates select="p/node()"/>
        </xsl:when>
        <xsl:otherwise><xsl:apply-templates select="node() except label"/></xsl:otherwise>
      </xsl:choose>
    </li>
  </xsl:template>

  <xsl:template match="def-list">
    <xsl:if test="title"><p class="list-title"><xsl:apply-templates select="title/node()"/></p></xsl:if>
    <dl class="def-list">
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
      <xsl:apply-templates select="node() except attrib"/>
      <xsl:for-each select="attrib"><p class="attrib"><xsl:apply-templates/></p></xsl:for-each>
    </blockquote>
  </xsl:template>

  <xsl:template match="boxed-text">
    <aside class="boxed-text">
      <xsl:if test="@id"><xsl:attribute name="id" select="@id"/></xsl:if>
      <xsl:call-template name="f:flags"/>
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
    <pre class="preformat">
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

  <!-- ===== cross-references ===== -->

  <!-- A link to the first element it names (a citation of several references lists them all in data-rids); its
       own text, else the target's label. A target the article does not have gives the text only. -->
  <xsl:template match="xref">
    <xsl:variable name="rids" select="tokenize(normalize-space(@rid), ' ')"/>
    <xsl:variable name="type" select="string((@ref-type, 'other')[1])"/>
    <xsl:variable name="target" select="if (exists($rids)) then key('f:by-id', $rids[1])[1] else ()"/>
    <xsl:choose>
      <xsl:when test="empty($target)"><xsl:apply-templates/></xsl:when>
      <xsl:otherwise>
        <a href="#{$rids[1]}" class="xref xref-{replace($type, '[^A-Za-z0-9_-]+', '-')}">
          <xsl:apply-templates select="." mode="f:xref-id"/>
          <xsl:if test="count($rids) gt 1"><xsl:attribute name="data-rids" select="string-join($rids, ' ')"/></xsl:if>
          <xsl:choose>
            <xsl:when test="node()"><xsl:apply-templates/></xsl:when>
            <xsl:otherwise><xsl:value-of select="(normalize-space($target/label)[. != ''], $rids[1])[1]"/></xsl:otherwise>
          </xsl:choose>
        </a>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The id a layer gives a cross-reference (the web page: citations, for the reference list's back-links). -->
  <xsl:template match="xref" mode="f:xref-id"/>

</xsl:stylesheet>
